import type { IncomingMessage, ServerResponse } from "node:http";

/** Google's JSON error body: `{"error": {"code", "message", "status", "errors": [{reason, message}]}}`. */
export function sendGoogleError(
  res: ServerResponse,
  code: number,
  message: string,
  reason = reasonFor(code),
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { code, message, status: statusFor(code), errors: [{ domain: "global", reason, message }] },
  });
  res.writeHead(code, { "content-type": "application/json; charset=UTF-8" });
  res.end(body);
}

/** Sends a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(body);
}

/** Reads a whole request body (bounded: the fakes are for tests, not for gigabyte uploads). */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body, or undefined when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Splits a raw request URL into its undecoded path and its query, without normalising `..`. */
export function splitUrl(rawUrl: string): { path: string; query: URLSearchParams } {
  const q = rawUrl.indexOf("?");
  return q < 0
    ? { path: rawUrl, query: new URLSearchParams() }
    : { path: rawUrl.slice(0, q), query: new URLSearchParams(rawUrl.slice(q + 1)) };
}

function statusFor(code: number): string {
  const map: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
  };
  return map[code] ?? "UNKNOWN";
}

function reasonFor(code: number): string {
  const map: Record<number, string> = {
    400: "invalid",
    401: "required",
    403: "accessDenied",
    404: "notFound",
    409: "duplicate",
    429: "rateLimitExceeded",
    500: "backendError",
    503: "backendError",
  };
  return map[code] ?? "unknown";
}
