import { errorBody, isServingPath } from "@bqdeploy/core";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.js";
import { readBody, TOO_LARGE } from "./read-body.js";
import type { ServingProxy } from "./serving-proxy.js";

/** 413 in TF Serving's shape. */
export function tooLargeBody(maxBodyBytes: number): string {
  return errorBody(
    `Request body exceeds the limit of ${maxBodyBytes} bytes; send fewer instances per request.`,
  );
}

/** The /v1 proxy as Hono middleware (in-process requests; the Node server takes a faster path). */
export function servingMiddleware(proxy: ServingProxy, maxBodyBytes: number): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!isServingPath(c.req.path)) return next();
    const url = c.req.url;
    const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
    const body = c.req.method === "POST" ? await readBody(c, maxBodyBytes) : undefined;
    if (body === TOO_LARGE) {
      return new Response(tooLargeBody(maxBodyBytes), {
        status: 413,
        headers: { "content-type": "application/json", connection: "close" },
      });
    }
    return new Promise<Response>((resolve) => {
      proxy(c.req.method, path, body, {
        reply(status, contentType, answer, labels) {
          c.set("metricsRoute", labels.route);
          c.set("metricsModel", labels.model);
          resolve(new Response(answer, { status, headers: { "content-type": contentType } }));
        },
      });
    });
  };
}
