import type { DType, Tensor, TensorData } from "../../protocol/tensor.js";

/**
 * `base` with the positions where `mask` is 1 replaced by `value`: SelectV2(cond, splat, x) as the
 * input layer uses it to turn '' into a placeholder word. Equality tests and table lookups read it in
 * place; any other kernel reads `data` (a patched copy, made once).
 */
export class PatchedTensor implements Tensor {
  #dense: TensorData | undefined;

  constructor(
    readonly dtype: DType,
    readonly shape: number[],
    readonly base: TensorData,
    readonly mask: Uint8Array,
    readonly value: number | string,
  ) {}

  get data(): TensorData {
    if (this.#dense === undefined) {
      const data = this.base.slice();
      const mask = this.mask;
      for (let i = 0; i < mask.length; i++) if (mask[i]) data[i] = this.value as never;
      this.#dense = data;
    }
    return this.#dense;
  }

  reshaped(shape: number[]): PatchedTensor {
    return new PatchedTensor(this.dtype, shape, this.base, this.mask, this.value);
  }
}
