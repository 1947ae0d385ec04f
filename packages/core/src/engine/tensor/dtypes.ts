import { DTYPE_TEXT } from "../../protocol/json-tensor.js";
import { DTYPES, type DType } from "../../protocol/tensor.js";
import { badGraph } from "./errors.js";

/** TF's short dtype name used in its error texts ("double", "int64"). */
export function dtypeName(dtype: DType): string {
  return DTYPE_TEXT[dtype];
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
