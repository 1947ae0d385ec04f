import { type BqdeployError, errorBody, isBqdeployError, toBqdeployError } from "@bqdeploy/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiEnv } from "../env.js";
import { httpStatusOf } from "./error-status.js";

/** The management routes' error body: `{"error": {"code", "message"}}`. */
export function managementError(c: Context<ApiEnv>, status: number, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status as ContentfulStatusCode);
}

/** TF Serving's error body `{"error": "..."}`, used under /v1. */
export function servingErrorResponse(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(errorBody(message), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** Anything thrown in a handler -> its HTTP answer (BqdeployErrors through the status table). */
export function errorResponse(c: Context<ApiEnv>, err: unknown, serving: boolean): Response {
  let status: number;
  let error: BqdeployError;
  if (err instanceof HTTPException) {
    status = err.status;
    error = toBqdeployError(err, status === 400 ? "INVALID_ARGUMENT" : "INTERNAL");
  } else {
    error = toBqdeployError(err);
    status = httpStatusOf(error.code);
  }
  if (status >= 500) {
    c.var.log?.error({ err: isBqdeployError(err) ? error.toJSON() : String(err) }, "request failed");
  }
  const message =
    status >= 500 && !isBqdeployError(err) ? "Internal error; see the server's log." : error.message;
  return serving ? servingErrorResponse(status, message) : managementError(c, status, error.code, message);
}
