import type { DType, Tensor, TensorData } from "../../protocol/tensor.js";
import { allocate, shapeSize } from "../../protocol/tensor.js";
import { dtypeName, elementSize, isKnownDType } from "../dtype.js";
import { modelFormatInvalid } from "../model-error.js";
import { bytesToString, decodeRawNumeric } from "../raw-tensor.js";
import { readShape } from "./tensor-shape.js";
import type { WireReader } from "./wire-reader.js";

/** A constant larger than this many elements is refused (BigQuery ML constants are tiny). */
export const MAX_TENSOR_ELEMENTS = 1 << 22;

interface RawTensorProto {
  dtype: number;
  shape: number[] | null;
  content?: Uint8Array;
  numbers: number[];
  strings: Uint8Array[];
}

/**
 * Decodes a TensorProto: dtype (1), tensor_shape (2), tensor_content (4, raw little-endian) or the
 * typed repeated fields (float_val 5, double_val 6, int_val 7, string_val 8, int64_val 10,
 * bool_val 11, uint32_val 16, uint64_val 17; packed or not). Fewer values than the shape holds means
 * "repeat the last value" (splat); none means zeros.
 */
export function readTensorProto(r: WireReader): Tensor {
  const at = r.offset;
  const raw = readRaw(r);
  const name = dtypeName(raw.dtype);
  if (!isKnownDType(name))
    throw modelFormatInvalid(r.file, `tensor of unsupported type ${name} at byte ${at}`);
  const shape = raw.shape ?? [];
  if (shape.some((d) => d < 0 || !Number.isSafeInteger(d))) {
    throw modelFormatInvalid(r.file, `tensor at byte ${at} has an invalid shape [${shape.join(", ")}]`);
  }
  const count = shapeSize(shape);
  if (count > MAX_TENSOR_ELEMENTS) {
    throw modelFormatInvalid(
      r.file,
      `tensor at byte ${at} has ${count} elements, more than a model constant can`,
    );
  }
  return { dtype: name, shape, data: tensorData(raw, name, count, r.file, at) };
}

function tensorData(raw: RawTensorProto, dtype: DType, count: number, file: string, at: number): TensorData {
  if (raw.content !== undefined && dtype !== "DT_STRING") {
    if (raw.content.length !== count * elementSize(dtype)) {
      throw modelFormatInvalid(
        file,
        `tensor_content at byte ${at} holds ${raw.content.length} bytes, not ${count} ${dtype} values`,
      );
    }
    return decodeRawNumeric(dtype, raw.content, count);
  }
  const values = dtype === "DT_STRING" ? raw.strings : raw.numbers;
  if (values.length > count) {
    throw modelFormatInvalid(
      file,
      `tensor at byte ${at} holds ${values.length} values for ${count} elements`,
    );
  }
  const out = allocate(dtype, count);
  if (values.length === 0) return out;
  for (let i = 0; i < count; i++) {
    const value = values[Math.min(i, values.length - 1)];
    if (Array.isArray(out)) out[i] = bytesToString(value as Uint8Array);
    else out[i] = value as number;
  }
  return out;
}

function readRaw(r: WireReader): RawTensorProto {
  const raw: RawTensorProto = { dtype: 0, shape: [], numbers: [], strings: [] };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    switch (field) {
      case 1:
        raw.dtype = r.varint();
        break;
      case 2:
        raw.shape = readShape(r.message());
        break;
      case 4:
        raw.content = r.bytes();
        break;
      case 5:
        r.repeated(wire, 5, (x) => x.float(), raw.numbers);
        break;
      case 6:
        r.repeated(wire, 1, (x) => x.double(), raw.numbers);
        break;
      case 7:
        r.repeated(wire, 0, (x) => x.int32(), raw.numbers);
        break;
      case 8:
        raw.strings.push(r.bytes());
        break;
      case 10:
      case 16:
      case 17:
        r.repeated(wire, 0, (x) => x.varint(), raw.numbers);
        break;
      case 11:
        r.repeated(wire, 0, (x) => (x.bool() ? 1 : 0), raw.numbers);
        break;
      default:
        r.skip(wire);
    }
  }
  return raw;
}
