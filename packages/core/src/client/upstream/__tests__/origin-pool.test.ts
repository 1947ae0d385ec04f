import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { seededRandom } from "@bqdeploy/test-fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { type BqdeployError, isBqdeployError } from "../../../errors/index.js";
import { ReplicaForwarder } from "../../replica-forwarder.js";
import type { UpstreamCallback } from "../connection.js";
import { OriginPool } from "../origin-pool.js";
import { okAnswer, type RawServer, sleep, startRawServer } from "./raw-server.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(...args: Parameters<typeof startRawServer>): Promise<RawServer> {
  const s = await startRawServer(...args);
  cleanups.push(() => s.close());
  return s;
}

function forwarder(timeoutMs = 2_000, connections?: number): ReplicaForwarder {
  const f = new ReplicaForwarder({ timeoutMs, connections });
  cleanups.push(() => f.close());
  return f;
}

function pool(s: RawServer, options: Partial<ConstructorParameters<typeof OriginPool>[2]> = {}): OriginPool {
  const p = new OriginPool("127.0.0.1", s.port, {
    timeoutMs: 2_000,
    connections: 8,
    keepAliveTimeoutMs: 10_000,
    ...options,
  });
  cleanups.push(() => p.close());
  return p;
}

interface Outcome {
  status?: number;
  contentType?: string;
  body?: string;
  error?: Error;
}

/** One request on `p`; rejects if the callback is told twice. */
function send(
  p: OriginPool,
  method = "GET",
  path = "/x",
  headers?: Record<string, string> | string[],
  body?: string | Uint8Array,
): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let told = 0;
    const callback: UpstreamCallback = {
      onUpstreamResponse(status, contentType, answer) {
        if (++told > 1) reject(new Error("told twice"));
        resolve({ status, contentType, body: answer.toString() });
      },
      onUpstreamError(error) {
        if (++told > 1) reject(new Error("told twice"));
        resolve({ error });
      },
    };
    p.send(method, path, headers, body, callback);
  });
}

async function refusedUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function failureOf(f: ReplicaForwarder, urls: string[], path = "/x"): Promise<BqdeployError> {
  const err = await f.forward("g", urls, { method: "GET", path }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBqdeployError(err)) throw new Error(`no BqdeployError: ${String(err)}`);
  return err;
}

describe("OriginPool and ReplicaForwarder on node:net", () => {
  it("writes method, path, Host, Content-Length, the headers (object or list) and the body in one write", async () => {
    const s = await server((_req, socket) => socket.write(okAnswer("ok")));
    const p = pool(s);
    expect(
      await send(p, "POST", "/v1/models/m:predict?x=1", ["content-type", "application/json"], '{"é":1}'),
    ).toEqual({
      status: 200,
      contentType: "text/plain",
      body: "ok",
    });
    await send(p, "POST", "/b", { "X-One": "1", "x-two": "two words" }, Buffer.from([0, 1, 2, 255]));
    await send(p, "GET", "/c");
    await send(p, "POST", "/d");
    const big = Buffer.alloc(100_000, 7);
    await send(p, "POST", "/e", undefined, big);
    const [a, b, c, d, e] = s.requests;
    expect(a!.raw.toString("latin1").split("\r\n\r\n")[0]).toBe(
      `POST /v1/models/m:predict?x=1 HTTP/1.1\r\ncontent-type: application/json\r\nhost: 127.0.0.1:${s.port}\r\ncontent-length: 8`,
    );
    expect(a!.body.toString()).toBe('{"é":1}');
    expect(b!.lines).toEqual([
      "X-One: 1",
      "x-two: two words",
      `host: 127.0.0.1:${s.port}`,
      "content-length: 4",
    ]);
    expect([...b!.body]).toEqual([0, 1, 2, 255]);
    expect(c!.lines).toEqual([`host: 127.0.0.1:${s.port}`]);
    expect(d!.lines).toEqual([`host: 127.0.0.1:${s.port}`, "content-length: 0"]);
    expect(e!.body.equals(big)).toBe(true);
    expect(s.accepted).toBe(1); // one keep-alive connection for all
  });

  it("refuses headers that would break the request, without sending anything", async () => {
    const s = await server((_req, socket) => socket.write(okAnswer("ok")));
    const p = pool(s);
    for (const [headers, path] of [
      [{ "x-bad": "a\r\nInjected: 1" }, "/"],
      [{ "bad name": "1" }, "/"],
      [{ connection: "close" }, "/"],
      [{ "Transfer-Encoding": "chunked" }, "/"],
      [["odd"], "/"],
      [{}, "/with space"],
      [{}, "/new\r\nline"],
    ] as const) {
      const outcome = await send(p, "GET", path, headers as Record<string, string>);
      expect((outcome.error as { code?: string } | undefined)?.code).toBe("ERR_UPSTREAM_REQUEST");
    }
    expect(s.accepted).toBe(0);
  });

  it("reads a Content-Length body sent in several packets, and a chunked one written piece by piece", async () => {
    const body = "0123456789".repeat(50);
    const s = await server((req, socket) => {
      void (async () => {
        if (req.path === "/length") {
          const text = okAnswer(body);
          for (let i = 0; i < text.length; i += 97) {
            socket.write(text.slice(i, i + 97));
            await sleep(2);
          }
        } else {
          const text = `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: a/b\r\n\r\n${body
            .match(/.{1,33}/g)!
            .map((part) => `${part.length.toString(16)};ext=1\r\n${part}\r\n`)
            .join("")}0\r\nTrailer: t\r\n\r\n`;
          for (let i = 0; i < text.length; i += 7) {
            socket.write(text.slice(i, i + 7));
            if (i % 70 === 0) await sleep(1);
          }
        }
      })();
    });
    const p = pool(s);
    expect((await send(p, "GET", "/length")).body).toBe(body);
    expect(await send(p, "GET", "/chunked")).toEqual({ status: 200, contentType: "a/b", body });
    expect(s.accepted).toBe(1);
  });

  it("answers from node:http servers (keep-alive, chunked res.write, 100-continue)", async () => {
    const http = createHttpServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.url === "/continue") res.writeContinue();
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"a":');
        setTimeout(() => res.end("1}"), 5);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => http.close(resolve)));
    cleanups.push(async () => http.closeAllConnections());
    const f = forwarder();
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    for (const path of ["/plain", "/continue", "/plain"]) {
      const answer = await f.forward("h", [url], { method: "POST", path, body: "{}" });
      expect([answer.status, answer.contentType, Buffer.from(answer.body).toString()]).toEqual([
        200,
        "application/json",
        '{"a":1}',
      ]);
    }
  });

  it("skips a 100 Continue before the answer", async () => {
    const s = await server((_req, socket) => {
      socket.write("HTTP/1.1 100 Continue\r\n\r\n");
      setTimeout(() => socket.write(okAnswer("after")), 10);
    });
    expect(await send(pool(s))).toMatchObject({ status: 200, body: "after" });
  });

  it("opens a new connection after an answer with Connection: close, or one read until the end", async () => {
    const s = await server((req, socket) => {
      if (req.path === "/close") socket.end(okAnswer("bye", "Connection: close\r\n"));
      else if (req.path === "/eof") socket.end("HTTP/1.1 200 OK\r\nContent-Type: x/y\r\n\r\nuntil the end");
      else socket.write(okAnswer("kept"));
    });
    const p = pool(s);
    expect((await send(p, "GET", "/close")).body).toBe("bye");
    expect(await send(p, "GET", "/eof")).toEqual({ status: 200, contentType: "x/y", body: "until the end" });
    expect((await send(p, "GET", "/kept")).body).toBe("kept");
    expect((await send(p, "GET", "/kept")).body).toBe("kept");
    expect(s.accepted).toBe(3);
  });

  it("drops a keep-alive connection the server closed while idle; the next request gets a new one", async () => {
    const s = await server((_req, socket) => {
      socket.write(okAnswer("one"));
      // The server closes the idle connection soon after answering (as node:http does after its keep-alive time).
      setTimeout(() => socket.end(), 20);
    });
    const p = pool(s);
    for (let i = 0; i < 3; i++) {
      expect((await send(p)).body).toBe("one");
      await sleep(80);
      expect(p.size).toBe(0);
    }
    expect(s.accepted).toBe(3);
  });

  it("closes connections idle longer than the keep-alive time, or than the server's Keep-Alive timeout", async () => {
    const s = await server((req, socket) =>
      socket.write(okAnswer("x", req.path === "/hint" ? "Keep-Alive: timeout=1\r\n" : "")),
    );
    const p = pool(s, { keepAliveTimeoutMs: 150 });
    await send(p);
    expect(p.size).toBe(1);
    await sleep(400);
    expect(p.size).toBe(0);
    expect(s.open.size).toBe(0);
    const q = pool(s, { keepAliveTimeoutMs: 10_000 });
    await send(q, "GET", "/hint");
    // timeout=1 s less a margin of one second: not reused.
    await sleep(150);
    expect(q.size).toBe(0);
  });

  it("fails a malformed answer with CONNECTION_FAILED and destroys the connection", async () => {
    const answers: Record<string, string> = {
      "/status": "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",
      "/header": "HTTP/1.1 200 OK\r\nBad Header: 1\r\nContent-Length: 0\r\n\r\n",
      "/chunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
      "/huge": `HTTP/1.1 200 OK\r\nX-Huge: ${"h".repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`,
      "/garbage": "\x00\x01\x02 definitely not http\r\n\r\n",
    };
    const s = await server((req, socket) => socket.write(answers[req.path]!));
    const f = forwarder();
    for (const path of Object.keys(answers)) {
      const err = await failureOf(f, [s.url], path);
      expect(err.code).toBe("CONNECTION_FAILED");
      expect(err.message).toContain(s.url);
      expect(err.message).toMatch(/ERR_UPSTREAM_PROTOCOL: malformed answer/);
    }
    await sleep(20);
    expect(s.open.size).toBe(0);
    expect(s.accepted).toBe(Object.keys(answers).length);
    expect(Object.keys(answers).length).toBe(5);
  });

  it("drops a connection that sends bytes after its answer, or while idle, and keeps working", async () => {
    const s = await server((req, socket) => {
      if (req.path === "/extra") socket.write(`${okAnswer("a")}HTTP/1.1 200 OK\r\n`);
      else {
        socket.write(okAnswer("b"));
        if (req.path === "/later") setTimeout(() => socket.write("surprise"), 10);
      }
    });
    const p = pool(s);
    expect((await send(p, "GET", "/extra")).body).toBe("a");
    await sleep(10);
    expect(p.size).toBe(0);
    expect((await send(p, "GET", "/later")).body).toBe("b");
    await sleep(50);
    expect(p.size).toBe(0);
    expect((await send(p)).body).toBe("b");
  });

  it("says DEADLINE_EXCEEDED when a replica never answers or stops in the middle of a body", async () => {
    const s = await server((req, socket) => {
      if (req.path === "/stall") socket.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
      else if (req.path === "/trickle") {
        // Head bytes keep coming, but the head never ends: the head's deadline holds.
        const timer = setInterval(() => socket.write("X-A: b\r\n"), 20);
        socket.on("close", () => clearInterval(timer));
        socket.write("HTTP/1.1 200 OK\r\n");
      }
    });
    const f = forwarder(200);
    for (const path of ["/never", "/stall", "/trickle"]) {
      const started = performance.now();
      const err = await failureOf(f, [s.url], path);
      const took = performance.now() - started;
      expect(err.code, path).toBe("DEADLINE_EXCEEDED");
      expect(err.message).toBe(
        `${s.url} did not answer within 200 ms; check the deployment's load and logs.`,
      );
      expect(took).toBeGreaterThanOrEqual(195);
      expect(took).toBeLessThan(600);
    }
    await sleep(20);
    expect(s.open.size).toBe(0);
  });

  it("fails with CONNECTION_FAILED when the server closes in the middle of an answer, or before it", async () => {
    const s = await server((req, socket) => {
      if (req.path === "/mid-body") socket.end("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
      else if (req.path === "/mid-head") socket.end("HTTP/1.1 200 OK\r\nContent-");
      else if (req.path === "/mid-chunk")
        socket.end("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
      else if (req.path === "/reset") socket.resetAndDestroy();
      else socket.end();
    });
    const f = forwarder();
    for (const path of ["/mid-body", "/mid-head", "/mid-chunk", "/reset", "/nothing"]) {
      const err = await failureOf(f, [s.url], path);
      expect(err.code, path).toBe("CONNECTION_FAILED");
      expect(err.message).toMatch(/ERR_UPSTREAM_CLOSED|ECONNRESET/);
    }
  });

  it("skips a replica that refuses connections (the POST reaches the other once), UNAVAILABLE when all do", async () => {
    const s = await server((req, socket) => socket.write(okAnswer(req.body.toString())));
    const dead = await refusedUrl();
    const f = forwarder();
    const answer = await f.forward("two", [dead, s.url], { method: "POST", path: "/p", body: "payload" });
    expect([answer.endpoint, Buffer.from(answer.body).toString()]).toEqual([s.url, "payload"]);
    expect(s.requests).toHaveLength(1);
    const err = await failureOf(f, [dead, await refusedUrl()]);
    expect(err.code).toBe("UNAVAILABLE");
    expect(err.message).toContain(dead);
  });

  it("queues requests beyond the connection bound and answers them all", async () => {
    const s = await server((req, socket) => setTimeout(() => socket.write(okAnswer(req.path)), 2));
    const p = pool(s, { connections: 4 });
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => send(p, "GET", `/${i}`)));
    expect(outcomes.map((o) => o.body)).toEqual(Array.from({ length: 60 }, (_, i) => `/${i}`));
    expect(s.peak).toBeLessThanOrEqual(4);
    expect(s.accepted).toBe(4);
    expect(p.waiting).toBe(0);
    // Through the forwarder, with its connections option.
    const f = forwarder(2_000, 3);
    const s2 = await server((req, socket) => setTimeout(() => socket.write(okAnswer(req.path)), 2));
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => f.forward("q", [s2.url], { method: "GET", path: `/${i}` })),
    );
    expect(answers.map((a) => Buffer.from(a.body).toString())).toEqual(
      Array.from({ length: 30 }, (_, i) => `/${i}`),
    );
    expect(s2.peak).toBeLessThanOrEqual(3);
  });

  it("lets waiting requests through when connections fail, and close() waits for them", async () => {
    let n = 0;
    const s = await server((req, socket) => {
      // Every other answer closes its connection.
      if (n++ % 2 === 0) setTimeout(() => socket.end(okAnswer(req.path, "Connection: close\r\n")), 2);
      else setTimeout(() => socket.write(okAnswer(req.path)), 2);
    });
    const p = new OriginPool("127.0.0.1", s.port, {
      timeoutMs: 2_000,
      connections: 2,
      keepAliveTimeoutMs: 10_000,
    });
    const all = Promise.all(Array.from({ length: 20 }, (_, i) => send(p, "GET", `/${i}`)));
    const closed = p.close();
    expect((await send(p)).error?.message).toMatch(/closed/);
    const outcomes = await all;
    await closed;
    expect(outcomes.every((o, i) => o.body === `/${i}`)).toBe(true);
    expect(p.size).toBe(0);
    await sleep(20);
    expect(s.open.size).toBe(0);
  });

  it("settles every request exactly once under random and mutated answers (fuzz)", async () => {
    const random = seededRandom(20261125);
    const valid = [
      okAnswer('{"predictions": [1]}'),
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;a=b\r\nabcd\r\n0\r\nT: 1\r\n\r\n",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno",
      "HTTP/1.1 204 No Content\r\n\r\n",
      "HTTP/1.0 200 OK\r\nContent-Type: t/t\r\n\r\nread until close",
      "HTTP/1.1 500 Internal\r\nConnection: close\r\nContent-Length: 3\r\n\r\nerr",
    ];
    const streams: Buffer[] = [];
    for (let i = 0; i < 3_000; i++) streams.push(mutate(Buffer.from(valid[i % valid.length]!), random, i));
    const s = await server((req, socket) => {
      const bytes = streams[Number(req.path.slice(1))]!;
      // In random pieces; then the server ends the connection (so that no case waits for a deadline).
      let at = 0;
      while (at < bytes.length) {
        const n = 1 + Math.floor(random() * 40);
        socket.write(bytes.subarray(at, at + n));
        at += n;
      }
      socket.end();
    });
    const f = forwarder(5_000, 16);
    const told = new Array<number>(streams.length).fill(0);
    let answered = 0;
    let failed = 0;
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let pending = 0;
      const start = (): void => {
        while (pending < 32 && next < streams.length) {
          const i = next++;
          pending++;
          f.dispatch(
            "fuzz",
            [s.url],
            { method: i % 2 ? "POST" : "GET", path: `/${i}`, body: i % 2 ? "{}" : undefined },
            {
              onForwarded(error, answer) {
                told[i]!++;
                if (error) {
                  failed++;
                  if (error.code !== "CONNECTION_FAILED")
                    reject(new Error(`${i}: ${error.code} ${error.message}`));
                } else if (answer) answered++;
                pending--;
                if (next === streams.length && pending === 0) resolve();
                else start();
              },
            },
          );
        }
      };
      start();
    });
    await sleep(50);
    expect(told.every((n) => n === 1)).toBe(true);
    expect(answered + failed).toBe(streams.length);
    expect(answered).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(100);
  });
});

const ALPHABET = Buffer.from("\r\n:; 0123456789abcdefHTTP/1.1chunkedContent-Length\x00\x7f\xff", "latin1");

/** A variation of `bytes`: some left as they are, some with bytes flipped, cut, repeated or random. */
function mutate(bytes: Buffer, random: () => number, i: number): Buffer {
  const kind = i % 6;
  if (kind === 0) return bytes;
  const out = Buffer.from(bytes);
  if (kind === 1 || kind === 2) {
    const flips = 1 + Math.floor(random() * (kind === 1 ? 2 : 8));
    for (let k = 0; k < flips; k++) {
      out[Math.floor(random() * out.length)] = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
    }
    return out;
  }
  if (kind === 3) return out.subarray(0, Math.floor(random() * out.length));
  if (kind === 4) {
    const at = Math.floor(random() * out.length);
    return Buffer.concat([
      out.subarray(0, at),
      out.subarray(Math.floor(random() * out.length)),
      out.subarray(at),
    ]);
  }
  const random_ = Buffer.alloc(Math.floor(random() * 200));
  for (let k = 0; k < random_.length; k++) random_[k] = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
  return random() < 0.5 ? random_ : Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\n"), random_]);
}
