import { randomUUID } from "node:crypto";
import { bearerTokenCheck, isServingPath } from "@bqdeploy/core";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger as PinoLogger } from "pino";
import type { ApiEnv } from "../env.js";
import type { ApiMetrics } from "./api-metrics.js";
import { managementError, servingErrorResponse } from "./error-body.js";

/** What a request without the right bearer token is told. */
export const UNAUTHORIZED_MESSAGE =
  "Missing or wrong bearer token: send 'Authorization: Bearer <token>' with the token the API was started with (--token or BQDEPLOY_TOKEN).";

/** Routes anyone may call (load balancers' probes). */
const OPEN_PATHS = new Set(["/healthz", "/readyz"]);

/**
 * Binds a child logger with a request id, then records the request's metrics and one log line
 * (method, path without query, status, ms): never headers, bodies or tokens.
 */
export function observe(logger: PinoLogger, metrics: ApiMetrics): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ reqId: c.req.header("x-request-id")?.slice(0, 64) ?? randomUUID() });
    c.set("log", log);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.get("metricsRoute") ?? (c.res.status === 404 ? "(unmatched)" : c.req.routePath);
    const model = c.get("metricsModel") ?? c.req.param("name") ?? "";
    metrics.request(c.req.method, route, model, c.res.status, seconds);
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 10_000) / 10 },
      "request",
    );
  };
}

/** Requires `Authorization: Bearer <token>` (constant-time check) except on /healthz and /readyz. */
export function requireToken(token: string | undefined): MiddlewareHandler<ApiEnv> {
  const authorized = token === undefined ? undefined : bearerTokenCheck(token);
  return async (c, next) => {
    if (!authorized || OPEN_PATHS.has(c.req.path) || authorized(c.req.header("authorization"))) return next();
    const message = UNAUTHORIZED_MESSAGE;
    if (isServingPath(c.req.path))
      return servingErrorResponse(401, message, { "www-authenticate": "Bearer" });
    c.header("www-authenticate", "Bearer");
    return managementError(c, 401, "UNAUTHENTICATED", message);
  };
}

/** 413 for management bodies over `maxBytes` (declared or streamed); the /v1 proxy checks its own. */
export function limitBody(maxBytes: number): MiddlewareHandler<ApiEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      const message = `Request body exceeds the limit of ${maxBytes} bytes; send fewer instances per request.`;
      return managementError(c as never, 413, "INVALID_ARGUMENT", message);
    },
  });
}
