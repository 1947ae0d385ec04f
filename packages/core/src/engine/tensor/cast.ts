import type { DType, NumericData, Tensor } from "../../protocol/tensor.js";
import { type ColumnBlock, ColumnBlocksTensor } from "./column-blocks.js";
import { dtypeName } from "./dtypes.js";
import { invalidArgument } from "./errors.js";
import { OneHotTensor } from "./one-hot-tensor.js";
import { SplatTensor } from "./splat-tensor.js";
import { uninitialized } from "./tensors.js";

const INT32_INDEFINITE = -2147483648;
const INT64_INDEFINITE = -(2 ** 63);

/**
 * Converts one number to `dtype` with TF's CPU semantics: Math.fround to float, truncation toward zero
 * to integers (NaN and out-of-range give x86's "integer indefinite", as static_cast does on TF's CPUs),
 * wrap-around between integer widths, != 0 to bool.
 */
export function castNumber(value: number, to: DType, from: DType): number {
  switch (to) {
    case "DT_FLOAT":
      return Math.fround(value);
    case "DT_DOUBLE":
      return value;
    case "DT_BOOL":
      return value !== 0 ? 1 : 0;
    case "DT_INT32":
      if (from === "DT_FLOAT" || from === "DT_DOUBLE") {
        return Number.isNaN(value) || value >= 2147483648 || value < -2147483648
          ? INT32_INDEFINITE
          : Math.trunc(value);
      }
      return value | 0;
    case "DT_INT64":
      if (from === "DT_FLOAT" || from === "DT_DOUBLE") {
        return Number.isNaN(value) || value >= 2 ** 63 || value < INT64_INDEFINITE
          ? INT64_INDEFINITE
          : Math.trunc(value) || 0;
      }
      return from === "DT_UINT64" && value >= 2 ** 63 ? value - 2 ** 64 : value;
    case "DT_INT16":
      return (Math.trunc(value) << 16) >> 16;
    case "DT_INT8":
      return (Math.trunc(value) << 24) >> 24;
    case "DT_UINT8":
      return Math.trunc(value) & 0xff;
    case "DT_UINT16":
      return Math.trunc(value) & 0xffff;
    case "DT_UINT32":
      return Math.trunc(value) >>> 0;
    case "DT_UINT64":
      return value < 0 ? Math.trunc(value) + 2 ** 64 : Math.trunc(value);
    case "DT_STRING":
      throw invalidArgument(`Cast ${dtypeName(from)} to string is not supported`);
  }
}

/** Whether Cast supports this pair (TF refuses casts to or from string). */
export function canCast(from: DType, to: DType): boolean {
  return from === to || (from !== "DT_STRING" && to !== "DT_STRING");
}

/** Float-to-float truncation (Cast's Truncate attr): the float32 nearest to zero, not the nearest. */
function truncateToFloat(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(value) || Math.abs(f) <= Math.abs(value)) return f;
  const bits = new Float32Array([f]);
  new Int32Array(bits.buffer)[0]! -= 1;
  return bits[0]!;
}

/** Casts a tensor element-wise (structured tensors stay structured). */
export function castTensor(t: Tensor, to: DType, truncate = false): Tensor {
  if (t.dtype === to) return t;
  if (!canCast(t.dtype, to)) {
    throw invalidArgument(`Cast ${dtypeName(t.dtype)} to ${dtypeName(to)} is not supported`);
  }
  const from = t.dtype;
  if (t instanceof OneHotTensor) {
    return t.converted(to, castNumber(t.on, to, from), castNumber(t.off, to, from));
  }
  if (t instanceof SplatTensor) return new SplatTensor(to, t.shape, castNumber(t.value as number, to, from));
  if (t instanceof ColumnBlocksTensor) {
    // Every float32 is exactly a double and block readers (MatMul, the dense form) only read numbers:
    // widening shares the blocks (a linear model's input layer is cast like this on every request).
    if (from === "DT_FLOAT" && to === "DT_DOUBLE") return new ColumnBlocksTensor(to, t.rows, t.blocks);
    const blocks = new Array<ColumnBlock>(t.blocks.length);
    for (let i = 0; i < blocks.length; i++) {
      const b = t.blocks[i]!;
      blocks[i] = { offset: b.offset, width: b.width, tensor: castTensor(b.tensor, to, truncate) };
    }
    return new ColumnBlocksTensor(to, t.rows, blocks);
  }
  const src = t.data as NumericData;
  const out = uninitialized(to, t.shape);
  const dst = out.data as NumericData;
  if (truncate && to === "DT_FLOAT") {
    for (let i = 0; i < src.length; i++) dst[i] = truncateToFloat(src[i]!);
  } else if (to === "DT_DOUBLE" || to === "DT_FLOAT") {
    // Storing into a Float32Array rounds as Math.fround does; TypedArray.set converts natively but
    // costs more than a loop for a few values (one-row requests).
    if (src.length <= 16) for (let i = 0; i < src.length; i++) dst[i] = src[i]!;
    else dst.set(src);
  } else {
    for (let i = 0; i < src.length; i++) dst[i] = castNumber(src[i]!, to, from);
  }
  return out;
}
