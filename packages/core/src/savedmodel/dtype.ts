import type { DType } from "../protocol/tensor.js";

/** TensorFlow's DataType enum numbers for the dtypes bqdeploy stores (types.proto). */
const DTYPE_BY_NUMBER: Record<number, DType> = {
  1: "DT_FLOAT",
  2: "DT_DOUBLE",
  3: "DT_INT32",
  4: "DT_UINT8",
  5: "DT_INT16",
  6: "DT_INT8",
  7: "DT_STRING",
  9: "DT_INT64",
  10: "DT_BOOL",
  17: "DT_UINT16",
  22: "DT_UINT32",
  23: "DT_UINT64",
};

const NUMBER_BY_DTYPE = new Map<string, number>(
  Object.entries(DTYPE_BY_NUMBER).map(([n, name]) => [name, Number(n)]),
);

/**
 * The DType name of a DataType enum number; numbers bqdeploy does not store (DT_HALF, DT_RESOURCE,
 * reference types n + 100, ...) come back as "DT_<n>" so nothing is lost.
 */
export function dtypeName(value: number): DType | `DT_${number}` {
  return DTYPE_BY_NUMBER[value] ?? `DT_${value}`;
}

/** The DataType enum number of a DType name (or "DT_<n>"). */
export function dtypeNumber(name: DType | `DT_${number}`): number {
  const known = NUMBER_BY_DTYPE.get(name);
  if (known !== undefined) return known;
  const n = Number(name.slice(3));
  return Number.isInteger(n) ? n : 0;
}

/** True when the name is one bqdeploy stores (a DType of protocol/tensor.ts). */
export function isKnownDType(name: string): name is DType {
  return NUMBER_BY_DTYPE.has(name);
}

/** Bytes per element in little-endian raw storage (tensor_content, TensorBundle); 0 for strings. */
export function elementSize(dtype: DType): number {
  switch (dtype) {
    case "DT_DOUBLE":
    case "DT_INT64":
    case "DT_UINT64":
      return 8;
    case "DT_FLOAT":
    case "DT_INT32":
    case "DT_UINT32":
      return 4;
    case "DT_INT16":
    case "DT_UINT16":
      return 2;
    case "DT_STRING":
      return 0;
    default:
      return 1;
  }
}
