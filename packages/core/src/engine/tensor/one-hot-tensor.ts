import type { DType, NumericData, Tensor } from "../../protocol/tensor.js";
import { lastingZeros } from "./tensors.js";

/**
 * The output of OneHot along the last axis, kept as one hot index per row instead of a dense block.
 * Kernels that understand it (Sum over size-1 axes, Reshape, ConcatV2, Cast, MatMul) stay sparse;
 * any other kernel reads `data` and gets the dense values (built once, cached). Both give the same numbers.
 */
export class OneHotTensor implements Tensor {
  #dense: NumericData | undefined;

  constructor(
    readonly dtype: DType,
    readonly shape: number[],
    /** Per row (all axes but the last): the hot position in [0, depth), or -1 for an all-off row. */
    readonly hot: Int32Array,
    readonly on: number,
    readonly off: number,
  ) {}

  get depth(): number {
    return this.shape[this.shape.length - 1]!;
  }

  get data(): NumericData {
    if (this.#dense === undefined) {
      const dense = lastingZeros(this.dtype, this.shape).data as NumericData;
      const depth = this.depth;
      if (this.off !== 0) dense.fill(this.off);
      for (let r = 0; r < this.hot.length; r++) {
        const h = this.hot[r]!;
        if (h >= 0) dense[r * depth + h] = this.on;
      }
      this.#dense = dense;
    }
    return this.#dense;
  }

  /** The same values under another shape with the same last axis. */
  reshaped(shape: number[]): OneHotTensor {
    return new OneHotTensor(this.dtype, shape, this.hot, this.on, this.off);
  }

  /** The same hot positions with on/off values converted to another dtype. */
  converted(dtype: DType, on: number, off: number): OneHotTensor {
    return new OneHotTensor(dtype, this.shape, this.hot, on, off);
  }
}
