import type { DType, NumericData, Tensor } from "../../protocol/tensor.js";
import { OneHotTensor } from "./one-hot-tensor.js";
import { PatchedTensor } from "./patched-tensor.js";
import { SplatTensor } from "./splat-tensor.js";
import { lastingZeros } from "./tensors.js";

/** One block of columns: a rank-2 [rows, width] tensor placed at column `offset`. */
export interface ColumnBlock {
  offset: number;
  width: number;
  tensor: Tensor;
}

/**
 * A rank-2 concatenation along columns that contains one-hot blocks, kept as its blocks (what the
 * input layer of a BigQuery ML linear model builds). `data` gives the dense matrix on demand.
 */
export class ColumnBlocksTensor implements Tensor {
  #dense: NumericData | undefined;
  readonly shape: number[];

  constructor(
    readonly dtype: DType,
    readonly rows: number,
    readonly blocks: readonly ColumnBlock[],
  ) {
    const last = blocks[blocks.length - 1];
    this.shape = [rows, last ? last.offset + last.width : 0];
  }

  get data(): NumericData {
    if (this.#dense === undefined) {
      const cols = this.shape[1]!;
      const dense = lastingZeros(this.dtype, this.shape).data as NumericData;
      for (const block of this.blocks) {
        const t = block.tensor;
        if (t instanceof OneHotTensor && t.off === 0) {
          for (let r = 0; r < this.rows; r++) {
            const h = t.hot[r]!;
            if (h >= 0) dense[r * cols + block.offset + h] = t.on;
          }
          continue;
        }
        const src = t.data as NumericData;
        for (let r = 0; r < this.rows; r++) {
          for (let c = 0; c < block.width; c++)
            dense[r * cols + block.offset + c] = src[r * block.width + c]!;
        }
      }
      this.#dense = dense;
    }
    return this.#dense;
  }
}

/** Whether a tensor is one of the engine's structured (lazily dense) forms. */
export function isStructured(
  t: Tensor,
): t is OneHotTensor | ColumnBlocksTensor | SplatTensor | PatchedTensor {
  return (
    t instanceof OneHotTensor ||
    t instanceof ColumnBlocksTensor ||
    t instanceof SplatTensor ||
    t instanceof PatchedTensor
  );
}

/** A plain {dtype, shape, data} copy-free view: materialises structured tensors. */
export function toPlain(t: Tensor): Tensor {
  return isStructured(t) ? { dtype: t.dtype, shape: t.shape, data: t.data } : t;
}
