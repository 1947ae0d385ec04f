import type { SignatureSpec } from "../protocol/index.js";

/**
 * A harmless instance for a smoke predict, made from a signature: "" for strings (BigQuery ML maps it
 * to its empty-string bucket), 0 for numbers, false for booleans, [] for list inputs.
 */
export function smokeInstance(signature: SignatureSpec): Record<string, unknown> {
  const instance: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(signature.inputs)) {
    const perRow = spec.shape === null ? 0 : Math.max(0, spec.shape.length - 1);
    const scalar = spec.dtype === "DT_STRING" ? "" : spec.dtype === "DT_BOOL" ? false : 0;
    instance[name] = perRow > 0 ? [] : scalar;
  }
  return instance;
}
