import {
  allocate,
  type DType,
  type NumericData,
  type Tensor,
  type TensorData,
} from "../../protocol/tensor.js";
import { numericStorage, outsideArena } from "./arena.js";
import { checkedSize, invalidArgument, shapeText } from "./errors.js";

/** A plain tensor. The engine never mutates a tensor's data once made, so views may share it. */
export function tensor(dtype: DType, shape: number[], data: TensorData): Tensor {
  return { dtype, shape, data };
}

/** A zero-filled tensor of `shape` (size checked against MAX_ELEMENTS). */
export function zeros(dtype: DType, shape: number[]): Tensor {
  const size = checkedSize(shape);
  return {
    dtype,
    shape,
    data: dtype === "DT_STRING" ? allocate(dtype, size) : numericStorage(dtype, size, true),
  };
}

/**
 * zeros() that never comes from a run's arena: the dense form a lazy tensor caches in itself (the
 * lazy tensor may be a plan constant that outlives the run).
 */
export function lastingZeros(dtype: DType, shape: number[]): Tensor {
  return outsideArena(() => zeros(dtype, shape));
}

/**
 * Storage for a kernel that writes every element itself: like zeros(), but string outputs skip the
 * pre-fill (a 100k-row column is written once, not twice).
 */
export function uninitialized(dtype: DType, shape: number[]): Tensor {
  const size = checkedSize(shape);
  return {
    dtype,
    shape,
    data: dtype === "DT_STRING" ? new Array<string>(size) : numericStorage(dtype, size, false),
  };
}

export function scalar(dtype: DType, value: number | string): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value as never;
  return { dtype, shape: [], data };
}

/** The numeric storage of a tensor, failing with TF's wording when it holds strings. */
export function numeric(t: Tensor, what: string): NumericData {
  if (Array.isArray(t.data)) throw invalidArgument(`${what} must be a numeric tensor, got string`);
  return t.data;
}

/** The strings of a DT_STRING tensor. */
export function strings(t: Tensor, what: string): string[] {
  if (!Array.isArray(t.data)) throw invalidArgument(`${what} must be a string tensor, got ${t.dtype}`);
  return t.data;
}

/** Reads an integer vector or scalar (shape arguments, axes, multiples) as plain numbers. */
export function intValues(t: Tensor, what: string): number[] {
  const data = numeric(t, what);
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]!;
  return out;
}

/** The single value of a scalar (or one-element) integer tensor. */
export function intScalar(t: Tensor, what: string): number {
  const data = numeric(t, what);
  if (data.length !== 1) throw invalidArgument(`${what} must be a scalar, got shape ${shapeText(t.shape)}`);
  return data[0]!;
}

/** Normalises a possibly negative axis against `rank`, with TF's range message. */
export function normalizeAxis(axis: number, rank: number, op: string): number {
  if (axis < -rank || axis >= rank) {
    throw invalidArgument(`${op}: Expected axis in the range [${-rank}, ${rank}), but got ${axis}`);
  }
  return axis < 0 ? axis + rank : axis;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}
