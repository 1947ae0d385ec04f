import type { NumericData, Tensor } from "../../protocol/tensor.js";
import { isRecycledStorage } from "../tensor/arena.js";
import { ColumnBlocksTensor } from "../tensor/column-blocks.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";
import { OneHotTensor } from "../tensor/one-hot-tensor.js";
import { zeros } from "../tensor/tensors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

const finiteCache = new WeakMap<NumericData, boolean>();

/** Whether every element is finite (cached per storage: weights are checked once, not per request). */
function allFinite(data: NumericData): boolean {
  if (isRecycledStorage(data)) return finite(data);
  let known = finiteCache.get(data);
  if (known === undefined) {
    known = finite(data);
    finiteCache.set(data, known);
  }
  return known;
}

function finite(data: NumericData): boolean {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return false;
  return true;
}

type Accumulate = (acc: number, a: number, b: number) => number;

const accumulators: Partial<Record<Tensor["dtype"], Accumulate>> = {
  DT_DOUBLE: (acc, a, b) => acc + a * b,
  // float32: each multiply-add rounded once to float32 (the float32 product of two floats is exact in double).
  DT_FLOAT: (acc, a, b) => Math.fround(acc + a * b),
  DT_INT32: (acc, a, b) => (acc + Math.imul(a, b)) | 0,
  DT_INT64: (acc, a, b) => acc + a * b,
};

/**
 * a [n, k] x b [k, m], summing over k in order. Zero entries of `a` are skipped when `b` is finite
 * (adding 0 * b is exact then), which is what makes one-hot inputs cheap; one-hot and column-block
 * operands are read without being made dense.
 */
export function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw invalidArgument(
      `In[0] and In[1] has different ndims: ${shapeText(a.shape)} vs. ${shapeText(b.shape)}`,
    );
  }
  if (a.dtype !== b.dtype) throw invalidArgument("MatMul: both inputs must have the same dtype");
  const acc = accumulators[a.dtype];
  if (!acc) throw invalidArgument(`MatMul does not support ${a.dtype}`);
  const [n, k] = transposeA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [kb, m] = transposeB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== kb) {
    throw invalidArgument(
      `Matrix size-incompatible: In[0]: ${shapeText(a.shape)}, In[1]: ${shapeText(b.shape)}`,
    );
  }
  const out = zeros(a.dtype, [n, m]);
  const dst = out.data as NumericData;
  const bd = b.data as NumericData;
  // B as [k, m] row-major, transposing once if needed.
  let bm = bd;
  if (transposeB) {
    bm = zeros(b.dtype, [k, m]).data as NumericData;
    for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) bm[i * m + j] = bd[j * k + i]!;
  }
  const skipZeros = allFinite(bm);
  if (!transposeA && skipZeros && (a instanceof ColumnBlocksTensor || a instanceof OneHotTensor)) {
    structuredMatmul(a, bm, m, dst, acc);
    return out;
  }
  const ad = a.data as NumericData;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let i = 0; i < k; i++) {
        const x = transposeA ? ad[i * n + r]! : ad[r * k + i]!;
        if (x === 0 && skipZeros) continue;
        sum = acc(sum, x, bm[i * m + j]!);
      }
      dst[r * m + j] = sum;
    }
  }
  return out;
}

/**
 * Block by block, each row's sum still runs over k in order (blocks are in column order), so the
 * result equals the dense loop; reading one block for all rows keeps the loops monomorphic.
 */
function structuredMatmul(
  a: ColumnBlocksTensor | OneHotTensor,
  bm: NumericData,
  m: number,
  dst: NumericData,
  acc: Accumulate,
): void {
  const rows = a.shape[0]!;
  const blocks = a instanceof OneHotTensor ? [{ offset: 0, width: a.depth, tensor: a }] : a.blocks;
  if (m === 1 && dst instanceof Float64Array && acc === accumulators.DT_DOUBLE) {
    vectorMatmulDouble(blocks, rows, bm, dst);
    return;
  }
  for (const block of blocks) {
    const t = block.tensor;
    if (t instanceof OneHotTensor && t.off === 0) {
      if (t.on === 0) continue;
      const hot = t.hot;
      const on = t.on;
      for (let r = 0; r < rows; r++) {
        const h = hot[r]!;
        if (h < 0) continue;
        const row = (block.offset + h) * m;
        for (let j = 0; j < m; j++) dst[r * m + j] = acc(dst[r * m + j]!, on, bm[row + j]!);
      }
      continue;
    }
    const src = t.data as NumericData;
    const w = block.width;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < w; c++) {
        const x = src[r * w + c]!;
        if (x === 0) continue;
        const row = (block.offset + c) * m;
        for (let j = 0; j < m; j++) dst[r * m + j] = acc(dst[r * m + j]!, x, bm[row + j]!);
      }
    }
  }
}

/**
 * The common case of a linear model (double, one output column) written out without the accumulator
 * call: the same additions in the same order as the generic loop, so the same bits.
 */
function vectorMatmulDouble(
  blocks: readonly { offset: number; width: number; tensor: Tensor }[],
  rows: number,
  bm: NumericData,
  dst: Float64Array,
): void {
  for (const block of blocks) {
    const t = block.tensor;
    const offset = block.offset;
    if (t instanceof OneHotTensor && t.off === 0) {
      const on = t.on;
      if (on === 0) continue;
      const hot = t.hot;
      for (let r = 0; r < rows; r++) {
        const h = hot[r]!;
        if (h >= 0) dst[r] = dst[r]! + on * bm[offset + h]!;
      }
      continue;
    }
    const src = t.data as NumericData;
    const w = block.width;
    if (w === 1) {
      const weight = bm[offset]!;
      for (let r = 0; r < rows; r++) {
        const x = src[r]!;
        if (x !== 0) dst[r] = dst[r]! + x * weight;
      }
      continue;
    }
    for (let r = 0; r < rows; r++) {
      let sum = dst[r]!;
      for (let c = 0; c < w; c++) {
        const x = src[r * w + c]!;
        if (x !== 0) sum = sum + x * bm[offset + c]!;
      }
      dst[r] = sum;
    }
  }
}

export const matmulKernels: [string, KernelDef][] = [
  [
    "MatMul",
    {
      defaults: { transpose_a: false, transpose_b: false },
      outputArgs: ["product"],
      run: (_ctx, inputs, attrs) => [
        matmul(
          tensorAt(inputs, 0, "MatMul"),
          tensorAt(inputs, 1, "MatMul"),
          attrs.bool("transpose_a"),
          attrs.bool("transpose_b"),
        ),
      ],
    },
  ],
];
