import type { Tensor } from "../../protocol/tensor.js";
import { ColumnBlocksTensor } from "./column-blocks.js";
import { OneHotTensor } from "./one-hot-tensor.js";
import { PatchedTensor } from "./patched-tensor.js";
import { SplatTensor } from "./splat-tensor.js";
import { sameShape } from "./tensors.js";

/**
 * The same elements under a new shape of equal size, without copying. Structured tensors keep their
 * form when the new shape allows it (a one-hot keeps its last axis, column blocks their two axes).
 */
export function reshapeView(t: Tensor, shape: number[]): Tensor {
  if (t instanceof OneHotTensor && shape.length > 0 && shape[shape.length - 1] === t.depth) {
    return t.reshaped(shape);
  }
  if (t instanceof ColumnBlocksTensor && sameShape(t.shape, shape)) return t;
  if (t instanceof SplatTensor) return new SplatTensor(t.dtype, shape, t.value);
  if (t instanceof PatchedTensor) return t.reshaped(shape);
  return { dtype: t.dtype, shape, data: t.data };
}
