import { isBqdeployError } from "../errors/index.js";
import { isServingError, isTfStatusCode, ServingError, type TfStatusCode } from "./serving-error.js";

// bqdeploy codes that are not TF status names, and the TF code a server reports for them.
const FROM_BQDEPLOY: Readonly<Record<string, TfStatusCode>> = {
  PREDICT_FAILED: "INVALID_ARGUMENT",
  UNSUPPORTED_OP: "UNIMPLEMENTED",
  SERVING_NOT_READY: "UNAVAILABLE",
  MODEL_CORRUPT: "DATA_LOSS",
};

/**
 * What a TF-Serving-compatible server reports for anything a servable throws: a ServingError as is,
 * a BqdeployError by its code, anything else as INTERNAL with its message.
 */
export function toServingError(value: unknown): ServingError {
  if (isServingError(value)) return value;
  if (isBqdeployError(value)) {
    const code = isTfStatusCode(value.code) ? value.code : (FROM_BQDEPLOY[value.code] ?? "INTERNAL");
    return new ServingError(code, value.message, { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new ServingError("INTERNAL", message, { cause: value });
}
