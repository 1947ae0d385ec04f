import type { DType, Tensor, TensorData } from "../../protocol/tensor.js";
import { checkedSize } from "./errors.js";
import { lastingZeros } from "./tensors.js";

/**
 * A tensor whose elements are all one value (Tile of a one-element tensor: the input layer's
 * "__empty_string_replacement__" column). SelectV2 reads the value directly; others get `data`.
 */
export class SplatTensor implements Tensor {
  #dense: TensorData | undefined;

  constructor(
    readonly dtype: DType,
    readonly shape: number[],
    readonly value: number | string,
  ) {
    checkedSize(shape);
  }

  get data(): TensorData {
    if (this.#dense === undefined) {
      const dense = lastingZeros(this.dtype, this.shape).data;
      (dense as unknown[]).fill(this.value);
      this.#dense = dense;
    }
    return this.#dense;
  }
}
