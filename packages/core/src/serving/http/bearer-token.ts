import { createHash, timingSafeEqual } from "node:crypto";

/**
 * A constant-time bearer token check. Both sides are hashed first so that neither the comparison
 * nor its length check reveals anything about the expected token.
 */
export function bearerTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = createHash("sha256").update(token).digest();
  return (authorization) => {
    if (authorization === undefined) return false;
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    const given = createHash("sha256")
      .update(match ? match[1]! : "")
      .digest();
    return timingSafeEqual(given, expected) && match !== null;
  };
}
