/** TF status code names, as TF Serving reports them. */
export const TF_STATUS_CODES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

export type TfStatusCode = (typeof TF_STATUS_CODES)[number];

/** HTTP status of each TF status code (TF Serving's http_server.cc table). */
export const TF_STATUS_HTTP: Readonly<Record<TfStatusCode, number>> = {
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

const BRAND = Symbol.for("bqdeploy.serving-error");

/**
 * A failure as TF Serving reports it: a TF status code name and TF Serving's message text. The HTTP
 * layer answers `httpStatus` with `{"error": message}`. Servables throw it for requests they reject.
 */
export class ServingError extends Error {
  readonly code: TfStatusCode;
  readonly [BRAND] = true;

  constructor(code: TfStatusCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ServingError";
    this.code = code;
  }

  /** The HTTP status TF Serving answers for this code. */
  get httpStatus(): number {
    return TF_STATUS_HTTP[this.code];
  }

  /** The response body, exactly as TF Serving writes it. */
  toBody(): string {
    return errorBody(this.message);
  }
}

/** True for a ServingError, even one created by a duplicate copy of core. */
export function isServingError(value: unknown): value is ServingError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** TF Serving's error body: `{"error": msg}` as its pretty writer prints it. */
export function errorBody(message: string): string {
  return `{\n    "error": ${JSON.stringify(message)}\n}`;
}

/** Shorthand for the most common failure. */
export function invalidArgument(message: string): ServingError {
  return new ServingError("INVALID_ARGUMENT", message);
}

export function isTfStatusCode(value: unknown): value is TfStatusCode {
  return typeof value === "string" && (TF_STATUS_CODES as readonly string[]).includes(value);
}
