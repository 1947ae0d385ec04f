/** Every failure core reports carries one of these codes. Front-ends map codes to exit codes / HTTP. */
export const ERROR_CODES = [
  "INVALID_ARGUMENT",
  "INVALID_CONFIG",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "UNAUTHENTICATED",
  "PERMISSION_DENIED",
  "FAILED_PRECONDITION",
  "UNAVAILABLE",
  "DEADLINE_EXCEEDED",
  "CANCELLED",
  "INTERNAL",
  // export / download
  "MODEL_NOT_EXPORTABLE",
  "EXPORT_FAILED",
  "LOCATION_MISMATCH",
  "CREDENTIALS_MISSING",
  "DOWNLOAD_FAILED",
  "DOWNLOAD_CHECKSUM_MISMATCH",
  "UNSAFE_OBJECT_NAME",
  // repository
  "VERSION_EXISTS",
  "VERSION_INCOMPLETE",
  "REPOSITORY_LOCKED",
  // model files and engine
  "MODEL_FORMAT_INVALID",
  "MODEL_CORRUPT",
  "UNSUPPORTED_OP",
  "PREDICT_FAILED",
  // runtimes
  "DOCKER_UNAVAILABLE",
  "IMAGE_UNAVAILABLE",
  "PORT_IN_USE",
  "CONTAINER_EXITED",
  "SERVING_NOT_READY",
  // client
  "SERVING_ERROR",
  "CONNECTION_FAILED",
  // kubernetes
  "KUBERNETES_FAILED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const BRAND = Symbol.for("bqdeploy.error");

export interface BqdeployErrorOptions {
  cause?: unknown;
  /** Extra machine-readable facts (object name, HTTP status, exit code, ...). */
  details?: Record<string, unknown>;
}

/**
 * The one error class of bqdeploy. `message` is user-facing and says what to do;
 * `code` is stable for scripts; `cause` keeps the original error.
 */
export class BqdeployError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: BqdeployErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BqdeployError";
    this.code = code;
    this.details = options.details ?? {};
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True for a BqdeployError, even one created by a duplicate copy of this package. */
export function isBqdeployError(value: unknown): value is BqdeployError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** Wraps anything thrown into a BqdeployError, keeping BqdeployErrors as they are. */
export function toBqdeployError(
  value: unknown,
  code: ErrorCode = "INTERNAL",
  prefix?: string,
): BqdeployError {
  if (isBqdeployError(value)) return value;
  const text = value instanceof Error ? value.message : String(value);
  return new BqdeployError(code, prefix ? `${prefix}: ${text}` : text, { cause: value });
}
