import type { Tensor, TensorData } from "../../protocol/tensor.js";
import { type ColumnBlock, ColumnBlocksTensor } from "../tensor/column-blocks.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";
import { OneHotTensor } from "../tensor/one-hot-tensor.js";
import { intScalar, zeros } from "../tensor/tensors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

/** Concatenates tensors along `axis` with ConcatOp's checks and messages. */
export function concat(values: readonly Tensor[], axis: number): Tensor {
  const first = values[0];
  if (!first) throw invalidArgument("ConcatOp : Expected at least one input");
  const rank = first.shape.length;
  if (axis < -rank || axis >= rank) {
    throw invalidArgument(
      `ConcatOp : Expected concatenating dimensions in the range [${-rank}, ${rank}), but got ${axis}`,
    );
  }
  const at = axis < 0 ? axis + rank : axis;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v.shape.length !== rank) {
      throw invalidArgument(
        `ConcatOp : Ranks of all input tensors should match: shape[0] = ${shapeText(first.shape)} vs. shape[${i}] = ${shapeText(v.shape)}`,
      );
    }
    for (let d = 0; d < rank; d++) {
      if (d !== at && v.shape[d] !== first.shape[d]) {
        throw invalidArgument(
          `ConcatOp : Dimension ${d} in both shapes must be equal: shape[0] = ${shapeText(first.shape)} vs. shape[${i}] = ${shapeText(v.shape)}`,
        );
      }
    }
    if (v.dtype !== first.dtype) throw invalidArgument("ConcatOp : all inputs must have the same dtype");
    total += v.shape[at]!;
  }
  // Columns of a rank-2 concat that involves one-hot blocks stay as blocks (read sparsely by MatMul).
  if (rank === 2 && at === 1 && values.some((v) => v instanceof OneHotTensor)) {
    return columnBlocks(values);
  }
  const outShape = [...first.shape];
  outShape[at] = total;
  const out = zeros(first.dtype, outShape);
  const outer = first.shape.slice(0, at).reduce((n, d) => n * d, 1);
  const inner = first.shape.slice(at + 1).reduce((n, d) => n * d, 1);
  const dst = out.data as TensorData;
  const rowWidth = total * inner;
  let offset = 0;
  for (const v of values) {
    const width = v.shape[at]! * inner;
    const src = v.data;
    for (let o = 0; o < outer; o++) {
      const base = o * rowWidth + offset;
      const from = o * width;
      for (let k = 0; k < width; k++) dst[base + k] = src[from + k] as never;
    }
    offset += width;
  }
  return out;
}

function columnBlocks(values: readonly Tensor[]): ColumnBlocksTensor {
  const rows = values[0]!.shape[0]!;
  const blocks: ColumnBlock[] = [];
  let offset = 0;
  for (const v of values) {
    const width = v.shape[1]!;
    if (v instanceof ColumnBlocksTensor) {
      for (const b of v.blocks) blocks.push({ ...b, offset: offset + b.offset });
    } else {
      blocks.push({ offset, width, tensor: v });
    }
    offset += width;
  }
  return new ColumnBlocksTensor(values[0]!.dtype, rows, blocks);
}

const concatV2: KernelDef = {
  defaults: { Tidx: "DT_INT32" },
  run: (_ctx, inputs) => {
    const n = inputs.length - 1;
    const axis = intScalar(tensorAt(inputs, n, "ConcatV2"), "ConcatV2 axis");
    const values: Tensor[] = [];
    for (let i = 0; i < n; i++) values.push(tensorAt(inputs, i, "ConcatV2"));
    return [concat(values, axis)];
  },
};

export const concatKernels: [string, KernelDef][] = [["ConcatV2", concatV2]];
