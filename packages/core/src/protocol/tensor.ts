/**
 * Tensors as bqdeploy passes them between the protocol layer, the engine and the booster evaluator.
 *
 * Storage by dtype (one rule everywhere):
 * - DT_FLOAT  -> Float32Array          - DT_DOUBLE -> Float64Array
 * - DT_INT32, DT_INT16, DT_INT8, DT_UINT8, DT_UINT16 -> Int32Array
 * - DT_INT64, DT_UINT32, DT_UINT64 -> Float64Array holding integers (exact up to 2^53; TF Serving
 *   itself prints int64 through JSON doubles' rules for values beyond that)
 * - DT_BOOL   -> Uint8Array (0 / 1)
 * - DT_STRING -> string[]: text as JS strings; bytes that came as {"b64": ...} are held as latin1
 *   ("binary") strings, one char per byte, so nothing is lost.
 * Data is row-major; shape [] is a scalar with one element.
 */
export const DTYPES = [
  "DT_FLOAT",
  "DT_DOUBLE",
  "DT_INT32",
  "DT_INT64",
  "DT_INT16",
  "DT_INT8",
  "DT_UINT8",
  "DT_UINT16",
  "DT_UINT32",
  "DT_UINT64",
  "DT_STRING",
  "DT_BOOL",
] as const;

export type DType = (typeof DTYPES)[number];

export type NumericData = Float32Array | Float64Array | Int32Array | Uint8Array;
export type TensorData = NumericData | string[];

export interface Tensor {
  dtype: DType;
  shape: number[];
  data: TensorData;
}

/** Number of elements a shape holds ([] -> 1). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Allocates the storage the rule above gives a dtype. */
export function allocate(dtype: DType, size: number): TensorData {
  switch (dtype) {
    case "DT_FLOAT":
      return new Float32Array(size);
    case "DT_DOUBLE":
    case "DT_INT64":
    case "DT_UINT32":
    case "DT_UINT64":
      return new Float64Array(size);
    case "DT_BOOL":
      return new Uint8Array(size);
    case "DT_STRING":
      return new Array<string>(size).fill("");
    default:
      return new Int32Array(size);
  }
}

export function isNumericDType(dtype: DType): boolean {
  return dtype !== "DT_STRING" && dtype !== "DT_BOOL";
}
