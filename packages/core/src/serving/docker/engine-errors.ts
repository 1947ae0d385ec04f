import { BqdeployError, isBqdeployError } from "../../errors/index.js";

const CONNECTION_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "EACCES",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);

/** The message users get when no Docker Engine answers. */
export function dockerUnavailableMessage(where: string): string {
  return `Docker is not running (could not reach ${where}). Start Docker Desktop or dockerd, or use --runtime embedded, which needs no Docker.`;
}

/** The HTTP status dockerode attached to an Engine API error, if any. */
export function engineStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

/** The Engine's own message of an API error (`{"message": ...}`), else the error's message. */
export function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === "string") return json.message;
  return error instanceof Error ? error.message : String(error);
}

/** True when the error says the Engine could not be reached (socket missing, refused, dropped). */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
  return error instanceof Error && /socket hang up|connect E|other side closed/i.test(error.message);
}

/**
 * Translates what dockerode threw into a BqdeployError: an unreachable engine becomes
 * DOCKER_UNAVAILABLE, an abort CANCELLED, anything else `fallback` with `action` as context.
 */
export function toDockerError(
  error: unknown,
  where: string,
  action: string,
  fallback: BqdeployError["code"] = "INTERNAL",
): BqdeployError {
  if (isBqdeployError(error)) return error;
  if ((error as { name?: unknown } | null)?.name === "AbortError") {
    return new BqdeployError("CANCELLED", `${action}: cancelled`, { cause: error });
  }
  if (isConnectionError(error))
    return new BqdeployError("DOCKER_UNAVAILABLE", dockerUnavailableMessage(where), { cause: error });
  const status = engineStatus(error);
  return new BqdeployError(fallback, `${action}: ${engineMessage(error)}`, {
    cause: error,
    ...(status === undefined ? {} : { details: { statusCode: status } }),
  });
}
