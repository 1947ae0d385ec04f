import { BqdeployError } from "../errors/index.js";
import { errorResponseSchema } from "../protocol/schemas.js";
import { parseTfJson } from "../protocol/tf-json.js";

// undici, node and ./upstream error codes that mean the request never reached a server.
const NOT_SENT = new Set([
  "ECONNREFUSED",
  "ERR_UPSTREAM_CONNECT_TIMEOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_CONNECT_TIMEOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
// ...and those where the connection broke, possibly after the server got the request.
const BROKEN = new Set([
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "ETIMEDOUT",
  "ERR_UPSTREAM_CLOSED",
  "ERR_UPSTREAM_PROTOCOL",
  "ERR_UPSTREAM_POOL_CLOSED",
]);

/** The error code of a transport failure (undici wraps some in `cause`). */
export function transportCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 3 && e && typeof e === "object"; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NOT_SENT.has(code) || BROKEN.has(code))) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the request surely never reached the server (safe to retry even a POST). */
export function neverSent(err: unknown): boolean {
  const code = transportCode(err);
  return code !== undefined && NOT_SENT.has(code);
}

export function connectionFailed(url: string, err: unknown): BqdeployError {
  const code = transportCode(err) ?? (err instanceof Error ? err.name : "error");
  const text = err instanceof Error ? err.message : String(err);
  return new BqdeployError(
    "CONNECTION_FAILED",
    `Cannot reach TF Serving at ${url} (${code}: ${text}). Check that the server is running and the URL and port are right.`,
    { cause: err, details: { url, code } },
  );
}

/** A TF Serving error answer as a BqdeployError SERVING_ERROR carrying the HTTP status and TF's message. */
export function servingError(method: string, path: string, httpStatus: number, body: string): BqdeployError {
  let tfMessage = body.trim();
  try {
    const parsed = errorResponseSchema.safeParse(parseTfJson(body));
    if (parsed.success) tfMessage = parsed.data.error;
  } catch {
    // Not JSON: keep the raw text.
  }
  return new BqdeployError("SERVING_ERROR", `${tfMessage} (HTTP ${httpStatus} from ${method} ${path})`, {
    details: { httpStatus, tfMessage, method, path },
  });
}
