import type { DType, TensorData } from "../protocol/tensor.js";
import { allocate } from "../protocol/tensor.js";
import { elementSize } from "./dtype.js";

/**
 * Decodes `count` little-endian elements of a numeric dtype (tensor_content, TensorBundle data) into
 * the storage protocol/tensor.ts gives that dtype. The caller checks bytes.length === count * size.
 */
export function decodeRawNumeric(dtype: DType, bytes: Uint8Array, count: number): TensorData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = allocate(dtype, count);
  if (Array.isArray(out)) return out;
  const size = elementSize(dtype);
  for (let i = 0; i < count; i++) out[i] = readElement(view, dtype, i * size);
  return out;
}

function readElement(view: DataView, dtype: DType, at: number): number {
  switch (dtype) {
    case "DT_FLOAT":
      return view.getFloat32(at, true);
    case "DT_DOUBLE":
      return view.getFloat64(at, true);
    case "DT_INT64":
      return Number(view.getBigInt64(at, true));
    case "DT_UINT64":
      return Number(view.getBigUint64(at, true));
    case "DT_INT32":
      return view.getInt32(at, true);
    case "DT_UINT32":
      return view.getUint32(at, true);
    case "DT_INT16":
      return view.getInt16(at, true);
    case "DT_UINT16":
      return view.getUint16(at, true);
    case "DT_INT8":
      return view.getInt8(at);
    case "DT_BOOL":
      return view.getUint8(at) === 0 ? 0 : 1;
    default:
      return view.getUint8(at);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes of a string tensor element as a JS string: UTF-8 text, else latin1 (one char per byte). */
export function bytesToString(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  }
}
