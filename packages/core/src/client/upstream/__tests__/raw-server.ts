// A TCP server on 127.0.0.1:0 that reads HTTP/1.1 requests (Content-Length bodies) and lets a test
// answer each with whatever bytes it likes: a replica that may misbehave.
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";

export interface RawRequest {
  method: string;
  path: string;
  /** Header names lower-cased; the last of each. */
  headers: Record<string, string>;
  /** Header lines as sent. */
  lines: string[];
  body: Buffer;
  /** The request's bytes as received. */
  raw: Buffer;
}

export interface RawServer {
  url: string;
  port: number;
  /** Connections accepted so far. */
  accepted: number;
  /** Connections open now. */
  readonly open: Set<Socket>;
  /** Most connections open at once. */
  peak: number;
  requests: RawRequest[];
  /** Sockets closed so far (by either side). */
  closed: number;
  close(): Promise<void>;
}

export async function startRawServer(
  answer: (request: RawRequest, socket: Socket, server: RawServer) => void,
): Promise<RawServer> {
  const open = new Set<Socket>();
  const state: RawServer = {
    url: "",
    port: 0,
    accepted: 0,
    open,
    peak: 0,
    requests: [],
    closed: 0,
    close: async () => {},
  };
  const server: Server = createServer((socket) => {
    state.accepted++;
    open.add(socket);
    state.peak = Math.max(state.peak, open.size);
    socket.on("close", () => {
      open.delete(socket);
      state.closed++;
    });
    socket.on("error", () => {});
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const lines = buffered.toString("latin1", 0, end).split("\r\n");
        const [method = "", path = ""] = lines[0]!.split(" ");
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(":");
          headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
        }
        const length = Number(headers["content-length"] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const raw = buffered.subarray(0, end + 4 + length);
        const body = buffered.subarray(end + 4, end + 4 + length);
        buffered = buffered.subarray(end + 4 + length);
        const request = { method, path, headers, lines: lines.slice(1), body, raw };
        state.requests.push(request);
        answer(request, socket, state);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}`;
  state.close = async () => {
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return state;
}

/** A keep-alive HTTP/1.1 answer with a Content-Length body. */
export function okAnswer(body: string, extraHeaders = ""): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`;
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
