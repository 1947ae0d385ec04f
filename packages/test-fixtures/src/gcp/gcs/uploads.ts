import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseJson, readBody, sendGoogleError, sendJson } from "../http-util.js";
import type { ObjectStore } from "./object-store.js";
import { objectResource } from "./resources.js";

interface UploadSession {
  bucket: string;
  name: string;
  contentType: string;
  chunks: Buffer[];
  received: number;
}

/** The JSON API's upload endpoint: `uploadType=multipart` and `uploadType=resumable` sessions. */
export class UploadHandler {
  private readonly sessions = new Map<string, UploadSession>();

  constructor(
    private readonly store: ObjectStore,
    private readonly baseUrl: () => string,
  ) {}

  /** POST /upload/storage/v1/b/{bucket}/o */
  async start(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: string,
    query: URLSearchParams,
  ): Promise<void> {
    if (!this.store.bucket(bucket)) return sendGoogleError(res, 404, `The specified bucket does not exist.`);
    const body = await readBody(req);
    const type = query.get("uploadType");
    if (type === "multipart") return this.multipart(req, res, bucket, body, query.get("name"));
    if (type !== "resumable")
      return sendGoogleError(res, 400, `uploadType ${type} is not supported by the fake`);
    const meta = (parseJson(body) ?? {}) as { name?: string; contentType?: string };
    const name = query.get("name") ?? meta.name;
    if (!name) return sendGoogleError(res, 400, "Required: object name");
    const id = randomUUID();
    this.sessions.set(id, {
      bucket,
      name,
      contentType: meta.contentType ?? "application/octet-stream",
      chunks: [],
      received: 0,
    });
    res.writeHead(200, {
      location: `${this.baseUrl()}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}`,
    });
    res.end();
  }

  /** PUT to a resumable session URI with a Content-Range. */
  async chunk(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const session = this.sessions.get(query.get("upload_id") ?? "");
    if (!session) return sendGoogleError(res, 404, "No such upload session");
    const body = await readBody(req);
    const range = String(req.headers["content-range"] ?? "bytes */*");
    const match = /^bytes (\*|(\d+)-(\d+|\*))\/(\d+|\*)$/.exec(range);
    if (!match) return sendGoogleError(res, 400, `Bad Content-Range: ${range}`);
    if (match[1] !== "*") {
      const start = Number(match[2]);
      if (start !== session.received) return this.incomplete(res, session);
      session.chunks.push(body);
      session.received += body.length;
    }
    const total = match[4] === "*" ? undefined : Number(match[4]);
    const final = total === undefined ? match[3] === "*" && match[1] !== "*" : session.received >= total;
    if (!final) return this.incomplete(res, session);
    this.sessions.delete(query.get("upload_id")!);
    const object = this.store.putBytes(
      session.bucket,
      session.name,
      Buffer.concat(session.chunks),
      session.contentType,
    );
    sendJson(res, 200, objectResource(object, this.baseUrl()));
  }

  private incomplete(res: ServerResponse, session: UploadSession): void {
    const headers: Record<string, string> = {};
    if (session.received > 0) headers.range = `bytes=0-${session.received - 1}`;
    res.writeHead(308, headers);
    res.end();
  }

  private async multipart(
    req: IncomingMessage,
    res: ServerResponse,
    bucket: string,
    body: Buffer,
    queryName: string | null,
  ): Promise<void> {
    const boundary = /boundary="?([^";]+)"?/.exec(String(req.headers["content-type"] ?? ""))?.[1];
    if (!boundary) return sendGoogleError(res, 400, "multipart upload without a boundary");
    const parts = splitMultipart(body, boundary);
    const meta = (parts[0] ? parseJson(parts[0].content) : undefined) as
      | { name?: string; contentType?: string }
      | undefined;
    const media = parts[1];
    const name = queryName ?? meta?.name;
    if (!name || !media) return sendGoogleError(res, 400, "multipart upload needs metadata and media");
    const object = this.store.putBytes(
      bucket,
      name,
      Buffer.from(media.content),
      meta?.contentType ?? media.contentType ?? "application/octet-stream",
    );
    sendJson(res, 200, objectResource(object, this.baseUrl()));
  }
}

function splitMultipart(body: Buffer, boundary: string): { contentType?: string; content: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { contentType?: string; content: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const headers = part.subarray(0, headerEnd).toString();
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === "\r\n") content = content.subarray(0, -2);
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
      parts.push(contentType ? { contentType, content } : { content });
    }
    at = next;
  }
  return parts;
}
