import type { NumericData, Tensor } from "../../protocol/tensor.js";
import { invalidArgument } from "../tensor/errors.js";
import { intValues, normalizeAxis, numeric, zeros } from "../tensor/tensors.js";
import { reshapeView } from "../tensor/views.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

/**
 * Sum over `axes`, in index order (float32 sums rounded after every add). Summing only axes of size 1
 * is a reshape, so one-hot tensors stay one-hot.
 */
export function sum(t: Tensor, axes: number[], keepDims: boolean): Tensor {
  const rank = t.shape.length;
  const reduced = new Set(axes.map((a) => normalizeAxis(a, rank, "Sum")));
  const outShape: number[] = [];
  t.shape.forEach((d, i) => {
    if (!reduced.has(i)) outShape.push(d);
    else if (keepDims) outShape.push(1);
  });
  if ([...reduced].every((i) => t.shape[i] === 1)) return reshapeView(t, outShape);
  if (t.dtype === "DT_STRING" || t.dtype === "DT_BOOL")
    throw invalidArgument(`Sum does not support ${t.dtype}`);
  const src = numeric(t, "Sum input");
  const out = zeros(t.dtype, outShape);
  const dst = out.data as NumericData;
  const float32 = t.dtype === "DT_FLOAT";
  // Map every input element to its output slot with an odometer over the input coordinates.
  const outStrides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    if (reduced.has(i)) continue;
    outStrides[i] = s;
    s *= t.shape[i]!;
  }
  const coord = new Array<number>(rank).fill(0);
  let at = 0;
  for (let k = 0; k < src.length; k++) {
    dst[at] = float32 ? Math.fround(dst[at]! + src[k]!) : dst[at]! + src[k]!;
    for (let i = rank - 1; i >= 0; i--) {
      coord[i]!++;
      at += outStrides[i]!;
      if (coord[i]! < t.shape[i]!) break;
      at -= outStrides[i]! * t.shape[i]!;
      coord[i] = 0;
    }
  }
  return out;
}

/** ArgMax along `axis`; ties give the first index. */
export function argMax(t: Tensor, axis: number, outDtype: Tensor["dtype"]): Tensor {
  const rank = t.shape.length;
  const at = normalizeAxis(axis, rank, "ArgMax");
  const size = t.shape[at]!;
  if (size === 0) throw invalidArgument("Reduction axis 1 is empty in shape [0]");
  const src = numeric(t, "ArgMax input");
  const outer = t.shape.slice(0, at).reduce((n, d) => n * d, 1);
  const inner = t.shape.slice(at + 1).reduce((n, d) => n * d, 1);
  const out = zeros(outDtype, [...t.shape.slice(0, at), ...t.shape.slice(at + 1)]);
  const dst = out.data as NumericData;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = src[o * size * inner + i]!;
      for (let j = 1; j < size; j++) {
        const v = src[(o * size + j) * inner + i]!;
        if (v > bestValue) {
          best = j;
          bestValue = v;
        }
      }
      dst[o * inner + i] = best;
    }
  }
  return out;
}

/** Softmax over the last axis as TF computes it: exp(x - max) times the inverse of their sum. */
export function softmax(t: Tensor): Tensor {
  if (t.shape.length < 1) throw invalidArgument("logits must have >= 1 dimension, got []");
  const src = numeric(t, "Softmax logits");
  const width = t.shape[t.shape.length - 1]!;
  const out = zeros(t.dtype, t.shape);
  const dst = out.data as NumericData;
  const f = t.dtype === "DT_FLOAT" ? Math.fround : (x: number): number => x;
  for (let base = 0; base < src.length; base += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, src[base + j]!);
    let total = 0;
    for (let j = 0; j < width; j++) {
      const e = f(Math.exp(f(src[base + j]! - max)));
      dst[base + j] = e;
      total = f(total + e);
    }
    const inverse = f(1 / total);
    for (let j = 0; j < width; j++) dst[base + j] = f(dst[base + j]! * inverse);
  }
  return out;
}

export const reduceKernels: [string, KernelDef][] = [
  [
    "Sum",
    {
      defaults: { keep_dims: false, Tidx: "DT_INT32" },
      run: (_c, inputs, attrs) => {
        const axes = intValues(tensorAt(inputs, 1, "Sum"), "Sum reduction_indices");
        return [sum(tensorAt(inputs, 0, "Sum"), axes, attrs.bool("keep_dims"))];
      },
    },
  ],
  [
    "ArgMax",
    {
      defaults: { output_type: "DT_INT64", Tidx: "DT_INT32" },
      run: (_c, inputs, attrs) => {
        const axis = intValues(tensorAt(inputs, 1, "ArgMax"), "ArgMax dimension")[0] ?? 0;
        return [argMax(tensorAt(inputs, 0, "ArgMax"), axis, attrs.type("output_type"))];
      },
    },
  ],
  ["Softmax", { outputArgs: ["softmax"], run: (_c, inputs) => [softmax(tensorAt(inputs, 0, "Softmax"))] }],
];
