import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerTokenCheck, errorBody } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import type { ApiMetrics } from "../http/api-metrics.js";
import { UNAUTHORIZED_MESSAGE } from "../http/middleware.js";
import { tooLargeBody } from "./serving-middleware.js";
import type { ServingProxy } from "./serving-proxy.js";

/**
 * The /v1 proxy straight on node:http (no web Request/Response conversion): the hot path of
 * predictions. Same token check, body limit, metrics and log line as the Hono route.
 */
export function nodeServingHandler(
  proxy: ServingProxy,
  options: { token?: string; maxBodyBytes: number; metrics: ApiMetrics; logger: PinoLogger },
): (req: IncomingMessage, res: ServerResponse) => void {
  const authorized = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const { metrics, logger, maxBodyBytes } = options;
  return (req, res) => {
    const started = performance.now();
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const finish = (
      status: number,
      body: Uint8Array | string,
      type: string,
      route: string,
      model: string,
    ) => {
      if (!res.headersSent && !res.destroyed) {
        const headers: Record<string, string | number> = {
          "content-type": type,
          "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
        };
        if (status === 401) headers["www-authenticate"] = "Bearer";
        if (status === 413) headers.connection = "close";
        res.writeHead(status, headers);
        res.end(body);
      }
      const seconds = (performance.now() - started) / 1000;
      metrics.request(method, route, model, status, seconds);
      if (logger.isLevelEnabled("info")) {
        const reqId = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) ?? randomUUID();
        logger.info(
          { reqId, method, path: path.split("?")[0], status, ms: Math.round(seconds * 10_000) / 10 },
          "request",
        );
      }
    };
    if (authorized && !authorized(req.headers.authorization)) {
      req.resume();
      finish(401, errorBody(UNAUTHORIZED_MESSAGE), "application/json", "/v1/*", "");
      return;
    }
    const declared = Number(req.headers["content-length"]);
    if (declared > maxBodyBytes) {
      req.resume();
      finish(413, tooLargeBody(maxBodyBytes), "application/json", "/v1/*", "");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("error", () => res.destroy());
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > maxBodyBytes) {
        finish(413, tooLargeBody(maxBodyBytes), "application/json", "/v1/*", "");
        return;
      }
      const body = method === "POST" ? (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)) : undefined;
      proxy({ method, path, ...(body ? { body } : {}) }).then(
        (a) => finish(a.status, a.body, a.contentType, a.route, a.model),
        () =>
          finish(500, errorBody("Internal error; see the server's log."), "application/json", "/v1/*", ""),
      );
    });
  };
}
