import type { ShapeProto, Tensor } from "@bqdeploy/core";
import { dtypeNumber } from "@bqdeploy/core";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

/** How a TensorProto carries its values. "auto": tensor_content for more than one number, else typed. */
export type TensorLayout = "auto" | "content" | "typed" | "typed-unpacked" | "splat";

/** TensorShapeProto { repeated Dim dim = 2 { int64 size = 1 }; bool unknown_rank = 3 }. */
export function writeShape(w: BinaryWriter, shape: ShapeProto): void {
  if (shape === null) {
    w.tag(3, WireType.Varint).bool(true);
    return;
  }
  for (const size of shape) {
    w.tag(2, WireType.LengthDelimited).fork();
    w.tag(1, WireType.Varint).int64(size);
    w.join();
  }
}

/** Little-endian raw bytes of a numeric tensor (tensor_content and TensorBundle data). */
export function rawBytes(tensor: Tensor): Uint8Array {
  const data = tensor.data;
  if (Array.isArray(data)) throw new Error("rawBytes: string tensors have no raw layout");
  const size = elementBytes(tensor.dtype);
  const out = new Uint8Array(data.length * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    const at = i * size;
    switch (tensor.dtype) {
      case "DT_FLOAT":
        view.setFloat32(at, v, true);
        break;
      case "DT_DOUBLE":
        view.setFloat64(at, v, true);
        break;
      case "DT_INT64":
        view.setBigInt64(at, BigInt(v), true);
        break;
      case "DT_UINT64":
        view.setBigUint64(at, BigInt(v), true);
        break;
      case "DT_INT32":
        view.setInt32(at, v, true);
        break;
      case "DT_UINT32":
        view.setUint32(at, v, true);
        break;
      case "DT_INT16":
        view.setInt16(at, v, true);
        break;
      case "DT_UINT16":
        view.setUint16(at, v, true);
        break;
      case "DT_INT8":
        view.setInt8(at, v);
        break;
      default:
        view.setUint8(at, v);
    }
  }
  return out;
}

export function elementBytes(dtype: Tensor["dtype"]): number {
  if (dtype === "DT_DOUBLE" || dtype === "DT_INT64" || dtype === "DT_UINT64") return 8;
  if (dtype === "DT_FLOAT" || dtype === "DT_INT32" || dtype === "DT_UINT32") return 4;
  if (dtype === "DT_INT16" || dtype === "DT_UINT16") return 2;
  return 1;
}

/** Writes a TensorProto's fields: dtype (1), tensor_shape (2), then the values as `layout` says. */
export function writeTensor(w: BinaryWriter, tensor: Tensor, layout: TensorLayout = "auto"): void {
  w.tag(1, WireType.Varint).int32(dtypeNumber(tensor.dtype));
  w.tag(2, WireType.LengthDelimited).fork();
  writeShape(w, tensor.shape);
  w.join();
  const data = tensor.data;
  if (Array.isArray(data)) {
    const values = layout === "splat" ? data.slice(0, 1) : data;
    for (const s of values) w.tag(8, WireType.LengthDelimited).bytes(Buffer.from(s, "utf8"));
    return;
  }
  const useContent = layout === "content" || (layout === "auto" && data.length > 1);
  if (useContent) {
    w.tag(4, WireType.LengthDelimited).bytes(rawBytes(tensor));
    return;
  }
  const values = Array.from(data as ArrayLike<number>).slice(0, layout === "splat" ? 1 : undefined);
  const [field, scalar, write] = typedField(tensor.dtype);
  if (layout === "typed-unpacked") {
    for (const v of values) {
      w.tag(field, scalar);
      write(w, v);
    }
    return;
  }
  if (values.length === 0) return;
  w.tag(field, WireType.LengthDelimited).fork();
  for (const v of values) write(w, v);
  w.join();
}

type Write = (w: BinaryWriter, v: number) => void;

function typedField(dtype: Tensor["dtype"]): [number, WireType, Write] {
  switch (dtype) {
    case "DT_FLOAT":
      return [5, WireType.Bit32, (w, v) => w.float(v)];
    case "DT_DOUBLE":
      return [6, WireType.Bit64, (w, v) => w.double(v)];
    case "DT_INT64":
      return [10, WireType.Varint, (w, v) => w.int64(v)];
    case "DT_UINT64":
      return [17, WireType.Varint, (w, v) => w.uint64(v)];
    case "DT_UINT32":
      return [16, WireType.Varint, (w, v) => w.uint32(v)];
    case "DT_BOOL":
      return [11, WireType.Varint, (w, v) => w.bool(v !== 0)];
    default:
      return [7, WireType.Varint, (w, v) => w.int32(v)];
  }
}

/** A standalone TensorProto message. */
export function encodeTensorProto(tensor: Tensor, layout: TensorLayout = "auto"): Uint8Array {
  const w = new BinaryWriter();
  writeTensor(w, tensor, layout);
  return w.finish();
}
