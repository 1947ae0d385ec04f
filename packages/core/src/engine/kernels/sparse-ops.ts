import { type NumericData, shapeSize, type Tensor, type TensorData } from "../../protocol/tensor.js";
import { int32Storage, uint8Storage } from "../tensor/arena.js";
import { checkedSize, invalidArgument, shapeText } from "../tensor/errors.js";
import { OneHotTensor } from "../tensor/one-hot-tensor.js";
import { intScalar, intValues, numeric, stridesOf, uninitialized, zeros } from "../tensor/tensors.js";
import { reshapeView } from "../tensor/views.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

/** Where(x): int64 [count, rank] coordinates of the true (non-zero, non-empty) elements, row-major. */
export function where(input: Tensor): Tensor {
  const data = input.data;
  const rank = input.shape.length;
  const n = data.length;
  const truth = uint8Storage(n, false);
  let count = 0;
  if (Array.isArray(data)) {
    for (let i = 0; i < n; i++) count += truth[i] = data[i] !== "" ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) count += truth[i] = data[i] !== 0 ? 1 : 0;
  }
  const out = zeros("DT_INT64", [count, rank]);
  const dst = out.data as Float64Array;
  const last = input.shape[rank - 1] ?? 1;
  let j = 0;
  if (rank === 1 || (rank === 2 && last === 1)) {
    // [N] or [N, 1] (the input layer's shape): coordinates are (i) or (i, 0).
    for (let i = 0; i < n; i++) {
      if (truth[i] === 0) continue;
      dst[j] = i;
      j += rank;
    }
    return out;
  }
  const strides = stridesOf(input.shape);
  for (let i = 0; i < n; i++) {
    if (truth[i] === 0) continue;
    let rest = i;
    for (let d = 0; d < rank; d++) {
      dst[j++] = Math.floor(rest / strides[d]!);
      rest %= strides[d]!;
    }
  }
  return out;
}

/**
 * Whether the indices address every element of params in row-major order (what Where gives when no
 * value is the ignore value): then GatherNd is a reshape and copies nothing.
 */
function selectsEverything(params: Tensor, idx: NumericData, k: number, sliceSize: number): boolean {
  const size = shapeSize(params.shape);
  if (sliceSize !== 1 || k !== params.shape.length || idx.length !== size * k) return false;
  const strides = stridesOf(params.shape);
  for (let i = 0, at = 0; i < size; i++) {
    let flat = 0;
    for (let d = 0; d < k; d++) flat += idx[at++]! * strides[d]!;
    if (flat !== i) return false;
  }
  return true;
}

/** GatherNd(params, indices): slices of params addressed by the last axis of indices. */
export function gatherNd(params: Tensor, indices: Tensor): Tensor {
  const idx = numeric(indices, "GatherNd indices");
  const k = indices.shape[indices.shape.length - 1] ?? 0;
  if (indices.shape.length === 0 || k > params.shape.length) {
    throw invalidArgument(
      `index innermost dimension length must be <= params rank; saw: ${k} vs. ${params.shape.length}`,
    );
  }
  const outer = indices.shape.slice(0, -1);
  const sliceShape = params.shape.slice(k);
  const sliceSize = sliceShape.reduce((n, d) => n * d, 1);
  if (selectsEverything(params, idx, k, sliceSize)) return reshapeView(params, [...outer, ...sliceShape]);
  const out = uninitialized(params.dtype, [...outer, ...sliceShape]);
  const strides = stridesOf(params.shape);
  const src = params.data;
  const dst = out.data as TensorData;
  const count = outer.reduce((n, d) => n * d, 1);
  for (let i = 0; i < count; i++) {
    let at = 0;
    for (let d = 0; d < k; d++) {
      const x = idx[i * k + d]!;
      if (x < 0 || x >= params.shape[d]!) {
        const bad = Array.from(idx.subarray(i * k, i * k + k));
        throw invalidArgument(
          `indices[${i}] = [${bad.join(", ")}] does not index into param shape ${shapeText(params.shape)}`,
        );
      }
      at += x * strides[d]!;
    }
    for (let j = 0; j < sliceSize; j++) dst[i * sliceSize + j] = src[at + j] as never;
  }
  return out;
}

/** Whether [n, rank] indices list every position of `shape` in row-major order (a dense input). */
function coversInOrder(idx: NumericData, shape: number[]): boolean {
  const rank = shape.length;
  const strides = stridesOf(shape);
  const n = rank === 0 ? 1 : idx.length / rank;
  for (let i = 0, at = 0; i < n; i++) {
    let flat = 0;
    for (let d = 0; d < rank; d++) {
      const x = idx[at++]!;
      if (x < 0 || x >= shape[d]!) return false;
      flat += x * strides[d]!;
    }
    if (flat !== i) return false;
  }
  return true;
}

/** SparseToDense with validate_indices: sorted, unique, in-bounds indices. */
export function sparseToDense(
  indices: Tensor,
  outputShape: Tensor,
  values: Tensor,
  fill: Tensor,
  validate: boolean,
): Tensor {
  const shape = intValues(outputShape, "SparseToDense output_shape");
  const idx = numeric(indices, "SparseToDense sparse_indices");
  const rank = shape.length;
  const n = indices.shape.length === 0 ? 1 : indices.shape[0]!;
  const width = indices.shape.length < 2 ? 1 : indices.shape[1]!;
  if (width !== rank) {
    throw invalidArgument(
      `sparse_indices should be a scalar, vector, or matrix with ${rank} columns, got ${shapeText(indices.shape)}`,
    );
  }
  const scalarValues = values.shape.length === 0;
  if (!scalarValues && values.data.length !== n) {
    throw invalidArgument(
      `sparse_values has incorrect shape ${shapeText(values.shape)}, should be [] or [${n}]`,
    );
  }
  if (fill.data.length !== 1) throw invalidArgument("default_value should be a scalar.");
  const total = checkedSize(shape);
  if (!scalarValues && n === total && coversInOrder(idx, shape)) return reshapeView(values, shape);
  const out = zeros(values.dtype, shape);
  const dst = out.data as TensorData;
  (dst as unknown[]).fill(fill.data[0]);
  const strides = stridesOf(shape);
  let previous = -1;
  for (let i = 0; i < n; i++) {
    let at = 0;
    for (let d = 0; d < rank; d++) {
      const x = idx[i * rank + d]!;
      if (x < 0 || x >= shape[d]!) {
        throw invalidArgument(
          `indices[${i}] = [${Array.from(idx.subarray(i * rank, i * rank + rank)).join(",")}] is out of bounds: need 0 <= index < ${shapeText(shape)}`,
        );
      }
      at += x * strides[d]!;
    }
    if (validate && at <= previous) {
      const text = `[${Array.from(idx.subarray(i * rank, i * rank + rank)).join(",")}]`;
      throw invalidArgument(`indices[${i}] = ${text} is ${at === previous ? "repeated" : "out of order"}`);
    }
    previous = at;
    dst[at] = values.data[scalarValues ? 0 : i] as never;
  }
  return out;
}

/** OneHot: along the last axis it stays a OneHotTensor; along another axis it is dense. */
export function oneHot(
  indices: Tensor,
  depth: number,
  on: number,
  off: number,
  axis: number,
  dtype: Tensor["dtype"],
): Tensor {
  if (depth < 0) throw invalidArgument(`depth must be non-negative, got: ${depth}`);
  const rank = indices.shape.length;
  if (axis < -1 || axis > rank)
    throw invalidArgument(`Expected axis to be -1 or between [0, ${rank}).  But received: ${axis}`);
  const at = axis === -1 ? rank : axis;
  const shape = [...indices.shape];
  shape.splice(at, 0, depth);
  checkedSize(shape);
  const idx = numeric(indices, "OneHot indices");
  if (at === rank) {
    const hot = int32Storage(idx.length, false);
    for (let i = 0; i < idx.length; i++) {
      const x = idx[i]!;
      hot[i] = x >= 0 && x < depth ? x : -1;
    }
    return new OneHotTensor(dtype, shape, hot, on, off);
  }
  const out = zeros(dtype, shape);
  const dst = out.data as NumericData;
  dst.fill(off);
  const inner = indices.shape.slice(at).reduce((n, d) => n * d, 1);
  for (let i = 0; i < idx.length; i++) {
    const x = idx[i]!;
    if (x < 0 || x >= depth) continue;
    const o = Math.floor(i / inner);
    dst[(o * depth + x) * inner + (i % inner)] = on;
  }
  return out;
}

export const sparseKernels: [string, KernelDef][] = [
  [
    "Where",
    {
      defaults: { T: "DT_BOOL" },
      outputArgs: ["index"],
      run: (_c, inputs) => [where(tensorAt(inputs, 0, "Where"))],
    },
  ],
  [
    "GatherNd",
    { run: (_c, inputs) => [gatherNd(tensorAt(inputs, 0, "GatherNd"), tensorAt(inputs, 1, "GatherNd"))] },
  ],
  [
    "SparseToDense",
    {
      defaults: { validate_indices: true },
      outputArgs: ["dense"],
      run: (_c, inputs, attrs) => {
        const [i, s, v, d] = [0, 1, 2, 3].map((k) => tensorAt(inputs, k, "SparseToDense"));
        return [sparseToDense(i!, s!, v!, d!, attrs.bool("validate_indices"))];
      },
    },
  ],
  [
    "OneHot",
    {
      defaults: { axis: -1, TI: "DT_INT64" },
      run: (_c, inputs, attrs) => {
        const [indices, depth, on, off] = [0, 1, 2, 3].map((k) => tensorAt(inputs, k, "OneHot"));
        const onValue = numeric(on!, "OneHot on_value")[0]!;
        const offValue = numeric(off!, "OneHot off_value")[0]!;
        const d = intScalar(depth!, "OneHot depth");
        return [oneHot(indices!, d, onValue, offValue, attrs.int("axis"), on!.dtype)];
      },
    },
  ],
];
