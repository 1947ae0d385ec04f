import { hash, timingSafeEqual } from "node:crypto";

/**
 * A constant-time bearer token check. Both sides are hashed first so that neither the comparison
 * nor its length check reveals anything about the expected token.
 */
export function bearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = hash("sha256", token, "buffer");
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    // One-shot hash: half the cost of a Hash object per request.
    const given = hash("sha256", match ? match[1]! : "", "buffer");
    return timingSafeEqual(given, expected) && match !== null;
  };
}
