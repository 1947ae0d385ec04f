import type { Context } from "hono";

/** A body over the limit: the proxy answers 413. */
export const TOO_LARGE = Symbol("too large");

/** The web request's body as bytes, at most `limit` of them. */
export async function readBody(c: Context, limit: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = Number(c.req.header("content-length"));
  if (declared > limit) return TOO_LARGE;
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  return bytes.length > limit ? TOO_LARGE : bytes;
}
