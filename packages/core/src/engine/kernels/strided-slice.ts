import type { Tensor } from "../../protocol/tensor.js";
import { invalidArgument } from "../tensor/errors.js";
import { intValues, stridesOf, zeros } from "../tensor/tensors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";
import type { NodeAttrs } from "./attrs.js";

export interface SliceMasks {
  begin: number;
  end: number;
  ellipsis: number;
  newAxis: number;
  shrinkAxis: number;
}

interface DenseDim {
  begin: number;
  stride: number;
  size: number;
}

/** The slice of one input axis selected by a (begin, end, stride) entry and its mask bits. */
function denseDim(
  dim: number,
  axis: number,
  b: number,
  e: number,
  s: number,
  flags: { begin: boolean; end: boolean; shrink: boolean },
): DenseDim {
  if (s === 0) throw invalidArgument(`strides[${axis}] must be non-zero`);
  if (flags.shrink) {
    const x = b < 0 ? b + dim : b;
    if (x < 0 || x >= dim) throw invalidArgument(`slice index ${b} of dimension ${axis} out of bounds.`);
    return { begin: x, stride: 1, size: 1 };
  }
  const clamp = (v: number): number =>
    s > 0 ? Math.min(Math.max(v, 0), dim) : Math.min(Math.max(v, -1), dim - 1);
  const begin = flags.begin ? (s > 0 ? 0 : dim - 1) : clamp(b < 0 ? b + dim : b);
  const end = flags.end ? (s > 0 ? dim : -1) : clamp(e < 0 ? e + dim : e);
  const span = s > 0 ? end - begin : begin - end;
  return { begin, stride: s, size: span <= 0 ? 0 : Math.ceil(span / Math.abs(s)) };
}

/**
 * TF's StridedSlice: begin/end/strides with begin, end, ellipsis, new-axis and shrink-axis masks.
 * Output shape follows the spec's order: new axes add 1, shrunk axes disappear.
 */
export function stridedSlice(
  input: Tensor,
  begin: number[],
  end: number[],
  strides: number[],
  masks: SliceMasks,
): Tensor {
  if (begin.length !== end.length || begin.length !== strides.length) {
    throw invalidArgument(
      `Expected begin, end, and strides to be 1D equal size tensors, but got shapes [${begin.length}], [${end.length}], and [${strides.length}] instead.`,
    );
  }
  let ellipsis = masks.ellipsis;
  let sparseDims = begin.length;
  if ((ellipsis & (ellipsis - 1)) !== 0) throw invalidArgument("Multiple ellipses in slice spec not allowed");
  if (ellipsis === 0) {
    ellipsis = 1 << sparseDims; // an implicit trailing ellipsis covers the remaining axes
    sparseDims++;
  }
  const rank = input.shape.length;
  const ellipsisAt = Math.log2(ellipsis);
  let newAxesAfterEllipsis = 0;
  for (let i = ellipsisAt + 1; i < sparseDims; i++) if (masks.newAxis & (1 << i)) newAxesAfterEllipsis++;
  const dense: DenseDim[] = [];
  const finalShape: number[] = [];
  for (let i = 0; i < sparseDims; i++) {
    const bit = 1 << i;
    if (ellipsis & bit) {
      const next = Math.min(rank - (sparseDims - i) + 1 + newAxesAfterEllipsis, rank);
      for (let d = dense.length; d < next; d++) {
        const dim = denseDim(input.shape[d]!, d, 0, 0, 1, { begin: true, end: true, shrink: false });
        dense.push(dim);
        finalShape.push(dim.size);
      }
    } else if (masks.newAxis & bit) {
      finalShape.push(1);
    } else {
      const d = dense.length;
      if (d >= rank) {
        throw invalidArgument(`Index out of range using input dim ${d}; input has only ${rank} dims`);
      }
      const shrink = (masks.shrinkAxis & bit) !== 0;
      const dim = denseDim(input.shape[d]!, d, begin[i]!, end[i]!, strides[i]!, {
        begin: (masks.begin & bit) !== 0,
        end: (masks.end & bit) !== 0,
        shrink,
      });
      dense.push(dim);
      if (!shrink) finalShape.push(dim.size);
    }
  }
  const out = zeros(input.dtype, finalShape);
  const dst = out.data;
  const src = input.data;
  const inStrides = stridesOf(input.shape);
  const coord = new Array<number>(rank).fill(0);
  for (let k = 0; k < dst.length; k++) {
    let at = 0;
    for (let d = 0; d < rank; d++) at += (dense[d]!.begin + coord[d]! * dense[d]!.stride) * inStrides[d]!;
    dst[k] = src[at] as never;
    for (let d = rank - 1; d >= 0; d--) {
      if (++coord[d]! < dense[d]!.size) break;
      coord[d] = 0;
    }
  }
  return out;
}

function masksOf(attrs: NodeAttrs): SliceMasks {
  return {
    begin: attrs.int("begin_mask"),
    end: attrs.int("end_mask"),
    ellipsis: attrs.int("ellipsis_mask"),
    newAxis: attrs.int("new_axis_mask"),
    shrinkAxis: attrs.int("shrink_axis_mask"),
  };
}

const stridedSliceKernel: KernelDef = {
  defaults: { begin_mask: 0, end_mask: 0, ellipsis_mask: 0, new_axis_mask: 0, shrink_axis_mask: 0 },
  run: (_ctx, inputs, attrs) => {
    const op = "StridedSlice";
    const [b, e, s] = [1, 2, 3].map((i) => intValues(tensorAt(inputs, i, op), `${op} argument`));
    return [stridedSlice(tensorAt(inputs, 0, op), b!, e!, s!, masksOf(attrs))];
  },
};

export const stridedSliceKernels: [string, KernelDef][] = [["StridedSlice", stridedSliceKernel]];
