import { DTYPES, type DType } from "../../protocol/tensor.js";
import { badGraph } from "./errors.js";

const SHORT: Record<DType, string> = {
  DT_FLOAT: "float",
  DT_DOUBLE: "double",
  DT_INT32: "int32",
  DT_INT64: "int64",
  DT_INT16: "int16",
  DT_INT8: "int8",
  DT_UINT8: "uint8",
  DT_UINT16: "uint16",
  DT_UINT32: "uint32",
  DT_UINT64: "uint64",
  DT_STRING: "string",
  DT_BOOL: "bool",
};

/** TF's short dtype name used in its error texts ("double", "int64"). */
export function dtypeName(dtype: DType): string {
  return SHORT[dtype];
}

/** Narrows a decoded attr type ("DT_FLOAT" or "DT_20") to a DType, or fails naming the node. */
export function asDType(value: string, where: string): DType {
  if ((DTYPES as readonly string[]).includes(value)) return value as DType;
  throw badGraph(`${where}: tensor type ${value} is not supported by the embedded engine`);
}

export function isFloatDType(dtype: DType): boolean {
  return dtype === "DT_FLOAT" || dtype === "DT_DOUBLE";
}

/** Integer dtypes (int64-like ones are held in Float64Array). */
export function isIntegerDType(dtype: DType): boolean {
  return dtype !== "DT_FLOAT" && dtype !== "DT_DOUBLE" && dtype !== "DT_STRING" && dtype !== "DT_BOOL";
}
