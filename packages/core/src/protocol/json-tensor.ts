import { jsonValueText } from "./pretty-writer.js";
import { invalidArgument, type ServingError } from "./serving-error.js";
import { allocate, type DType, type TensorData } from "./tensor.js";

/** TF's DataTypeString names, used in its error texts. */
export const DTYPE_TEXT: Readonly<Record<DType, string>> = {
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

const FLOAT_MAX = 3.4028234663852886e38;
const INT64_LIMIT = 2 ** 63;

/** rapidjson's name of a JSON value's type. */
export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "Null";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return "String";
  if (typeof value === "number") return "Number";
  return Array.isArray(value) ? "Array" : "Object";
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{"b64": "<string>"}` and nothing else. */
export function isBase64Object(value: unknown): value is { b64: string } {
  if (!isJsonObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "b64" && typeof value.b64 === "string";
}

function typeError(value: unknown, dtype: DType): ServingError {
  return invalidArgument(
    `JSON Value: ${jsonValueText(value)} Type: ${jsonTypeName(value)} is not of expected type: ${DTYPE_TEXT[dtype]}`,
  );
}

/** The shape a (dense) JSON value implies: the length of each nested list, following first elements. */
export function denseShape(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0];
  }
  return shape;
}

/**
 * Writes the leaves of a JSON value of the given shape into `target` from `offset` with TF Serving's
 * checks (json_tensor.cc FillTensorProto / AddValueToTensor). Returns the next offset.
 */
export function fillTensor(
  value: unknown,
  shape: readonly number[],
  dtype: DType,
  target: TensorData,
  offset: number,
  level = 0,
): number {
  if (!Array.isArray(value)) {
    if (level !== shape.length) {
      throw invalidArgument(
        `JSON Value: ${jsonValueText(value)} found at incorrect level: ${level + 1} in the JSON DOM. Expected at level: ${shape.length}`,
      );
    }
    (target as unknown[])[offset] = leafValue(value, dtype);
    return offset + 1;
  }
  if (level >= shape.length) {
    throw invalidArgument(`Encountered list at unexpected level: ${level} expected < ${shape.length}`);
  }
  if (value.length !== shape[level]) {
    throw invalidArgument(
      `Encountered list at unexpected size: ${value.length} at level: ${level} expected size: ${shape[level]}`,
    );
  }
  for (const v of value) offset = fillTensor(v, shape, dtype, target, offset, level + 1);
  return offset;
}

function leafValue(value: unknown, dtype: DType): number | string {
  switch (dtype) {
    case "DT_STRING":
      if (typeof value === "string") return value;
      if (isJsonObject(value)) return decodeBase64Object(value);
      throw typeError(value, dtype);
    case "DT_FLOAT":
      if (typeof value !== "number") throw typeError(value, dtype);
      if (Number.isFinite(value) && Math.abs(value) > FLOAT_MAX) {
        throw invalidArgument(
          `Cannot convert JSON value: ${jsonValueText(value)} to float without loss of precision.`,
        );
      }
      return value;
    case "DT_DOUBLE":
      if (typeof value !== "number") throw typeError(value, dtype);
      return value;
    case "DT_BOOL":
      if (typeof value !== "boolean") throw typeError(value, dtype);
      return value ? 1 : 0;
    case "DT_INT64":
      return integer(value, dtype, -INT64_LIMIT, INT64_LIMIT - 1);
    case "DT_UINT32":
      return integer(value, dtype, 0, 2 ** 32 - 1);
    case "DT_UINT64":
      return integer(value, dtype, 0, 2 ** 64 - 1);
    default:
      return integer(value, dtype, -(2 ** 31), 2 ** 31 - 1);
  }
}

// rapidjson's IsInt()/IsInt64()/... : an integer that fits the type. (A token like `1.0` reads as an
// integer here, where rapidjson would call it a double: JSON.parse does not tell them apart.)
function integer(value: unknown, dtype: DType, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw typeError(value, dtype);
  }
  return value;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes `{"b64": ...}` into a latin1 string (one char per byte), as tensors hold bytes. */
export function decodeBase64Object(value: Record<string, unknown>): string {
  if (!isBase64Object(value)) {
    throw invalidArgument(`JSON Value: ${jsonValueText(value)} not formatted correctly for base64 data`);
  }
  const text = value.b64;
  if (!BASE64.test(text) || text.replace(/=+$/, "").length % 4 === 1) {
    throw invalidArgument("Unable to base64 decode");
  }
  return Buffer.from(text, "base64").toString("latin1");
}

/** A whole JSON value as one tensor (columnar format): shape from the nesting, data checked by dtype. */
export function jsonToTensorData(value: unknown, dtype: DType): { shape: number[]; data: TensorData } {
  const shape = denseShape(value);
  let size = 1;
  for (const d of shape) size *= d;
  const data = allocate(dtype, size);
  fillTensor(value, shape, dtype, data, 0);
  return { shape, data };
}
