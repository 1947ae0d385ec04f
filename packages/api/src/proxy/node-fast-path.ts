import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerTokenCheck, errorBody } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import type { ApiMetrics } from "../http/api-metrics.js";
import { UNAUTHORIZED_MESSAGE } from "../http/middleware.js";
import { tooLargeBody } from "./serving-middleware.js";
import type { ServingLabels, ServingProxy, ServingReply } from "./serving-proxy.js";

const JSON_TYPE = "application/json";
const ANY_ROUTE = "/v1/*";

/**
 * The /v1 proxy straight on node:http (no web Request/Response conversion): the hot path of
 * predictions. Same token check, body limit, metrics and log line as the Hono route. Per request: the
 * headers it needs read from `rawHeaders`, the body kept as the Buffer node:http gives, one
 * `writeHead` + `end` for the answer.
 */
export function nodeServingHandler(
  proxy: ServingProxy,
  options: { token?: string; maxBodyBytes: number; metrics: ApiMetrics; logger: PinoLogger },
): (req: IncomingMessage, res: ServerResponse) => void {
  const authorized = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const { metrics, logger, maxBodyBytes } = options;
  const tooLarge = tooLargeBody(maxBodyBytes);
  const unauthorized = errorBody(UNAUTHORIZED_MESSAGE);
  const errorLabels = new Map<string, ServingLabels>();
  /** The labels of answers given before a route is known (401, 413, 500), per method. */
  const labelsFor = (method: string): ServingLabels => {
    let labels = errorLabels.get(method);
    if (!labels) {
      labels = { route: ANY_ROUTE, model: "", series: metrics.series(method, ANY_ROUTE, "") };
      // Methods come from clients: keep a few.
      if (errorLabels.size < 16) errorLabels.set(method, labels);
    }
    return labels;
  };

  return (req, res) => {
    const started = performance.now();
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    let authorization: string | undefined;
    let contentLength: string | undefined;
    const raw = req.rawHeaders;
    // The first of each, as node:http's `req.headers` keeps them.
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!;
      if (name.length === 13 && authorization === undefined && name.toLowerCase() === "authorization") {
        authorization = raw[i + 1];
      } else if (
        name.length === 14 &&
        contentLength === undefined &&
        name.toLowerCase() === "content-length"
      ) {
        contentLength = raw[i + 1];
      }
    }

    const reply: ServingReply = (status, contentType, body, labels) => {
      if (!res.headersSent && !res.destroyed) {
        try {
          write(res, status, contentType, body);
        } catch {
          res.destroy();
        }
      }
      const seconds = (performance.now() - started) / 1000;
      labels.series.observe(status, seconds);
      if (logger.isLevelEnabled("info")) {
        const requestId = req.headers["x-request-id"];
        const reqId = typeof requestId === "string" ? requestId.slice(0, 64) : randomUUID();
        const q = path.indexOf("?");
        logger.info(
          {
            reqId,
            method,
            path: q < 0 ? path : path.slice(0, q),
            status,
            ms: Math.round(seconds * 10_000) / 10,
          },
          "request",
        );
      }
    };

    if (authorized && !authorized(authorization)) {
      req.resume();
      reply(401, JSON_TYPE, unauthorized, labelsFor(method));
      return;
    }
    if (Number(contentLength) > maxBodyBytes) {
      req.resume();
      reply(413, JSON_TYPE, tooLarge, labelsFor(method));
      return;
    }
    let first: Buffer | undefined;
    let chunks: Buffer[] | undefined;
    let size = 0;
    req.on("error", () => res.destroy());
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) return;
      if (first === undefined) first = chunk;
      else if (chunks === undefined) chunks = [first, chunk];
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBodyBytes) {
        reply(413, JSON_TYPE, tooLarge, labelsFor(method));
        return;
      }
      const body = method === "POST" ? (chunks ? Buffer.concat(chunks) : first) : undefined;
      proxy(method, path, body, reply);
    });
  };
}

/**
 * Status, Content-Type and Content-Length, and the body: one writeHead and one end (node:http corks
 * the socket and sends header and body with one writev).
 */
function write(res: ServerResponse, status: number, contentType: string, body: Uint8Array | string): void {
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, headerList(status, contentType, length));
  res.end(body);
}

function headerList(status: number, contentType: string, length: number): string[] {
  const headers = ["content-type", contentType, "content-length", String(length)];
  if (status === 401) headers.push("www-authenticate", "Bearer");
  if (status === 413) headers.push("connection", "close");
  return headers;
}
