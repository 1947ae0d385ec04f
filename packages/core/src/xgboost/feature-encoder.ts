import { BqdeployError } from "../errors/index.js";
import type { TensorSpec } from "../protocol/index.js";
import { pythonStr } from "./python-values.js";

/**
 * Turns one feature of a request into its encoded columns, as Google's predictor does before calling
 * XGBoost. Columns `offset .. offset + width - 1` of each row; the caller fills rows with NaN (missing)
 * first, so an encoder only writes the columns that have a value.
 */
export interface FeatureEncoder {
  /** Feature (and input) name. */
  readonly name: string;
  /** How it is encoded, e.g. "categorical_label". */
  readonly encoding: string;
  readonly offset: number;
  readonly width: number;
  /** The signature input this feature is read from. */
  readonly input: TensorSpec;
  /** Encodes one JSON value (a row instance's field) into `out` at row start `at`. */
  encodeValue(value: unknown, out: Float32Array, at: number, row: number): void;
}

/** A request value the model cannot take: INVALID_ARGUMENT, naming the feature and the row. */
export function badValue(feature: string, row: number, what: string): BqdeployError {
  return new BqdeployError("INVALID_ARGUMENT", `The feature ${feature} in row ${row} ${what}.`, {
    details: { feature, row },
  });
}

/** A vocabulary as Python's list.index sees it: the first line holding a value gives its index. */
export function vocabularyIndex(lines: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  lines.forEach((line, i) => {
    if (!index.has(line)) index.set(line, i);
  });
  return index;
}

/** The items of an array feature's value, or INVALID_ARGUMENT. */
export function arrayItems(feature: string, row: number, value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) throw badValue(feature, row, `is not an array (got ${describe(value)})`);
  return value;
}

/** A number as numpy's float() conversion would take it (numbers, booleans, numeric strings). */
export function toNumber(feature: string, row: number, value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  throw badValue(feature, row, `cannot be converted to float (got ${describe(value)})`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "object") return "an object";
  return pythonStr(value);
}
