import type { DType, Tensor } from "../../protocol/tensor.js";
import { BqdeployError } from "../../errors/index.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { PatchedTensor } from "../tensor/patched-tensor.js";
import { zeros } from "../tensor/tensors.js";

/** A HashTableV2: immutable once initialised; keys strings or integers, values numbers or strings. */
export class LookupTable {
  readonly #entries = new Map<string | number, string | number>();
  initialized = false;

  constructor(
    readonly name: string,
    readonly keyDtype: DType,
    readonly valueDtype: DType,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** Adds one entry; the same key with another value is an error, as in TF. */
  insert(key: string | number, value: string | number): void {
    const existing = this.#entries.get(key);
    if (existing !== undefined && existing !== value) {
      throw new BqdeployError(
        "MODEL_CORRUPT",
        `Lookup table ${this.name} has different values for the same key "${key}" (${existing} and ${value}); check the vocabulary file.`,
      );
    }
    this.#entries.set(key, value);
  }

  /** Looks every key up; keys not present give `fallback`'s value. Output has the keys' shape. */
  find(keys: Tensor, fallback: Tensor): Tensor {
    if (keys.dtype !== this.keyDtype) {
      throw invalidArgument(
        `Lookup table ${this.name}: keys must be ${dtypeName(this.keyDtype)}, got ${dtypeName(keys.dtype)}`,
      );
    }
    if (fallback.data.length !== 1) {
      throw invalidArgument("Expected shape [] for default value but got shape with more elements");
    }
    const out = zeros(this.valueDtype, keys.shape);
    const dst = out.data;
    const missing = fallback.data[0]!;
    const entries = this.#entries;
    if (keys instanceof PatchedTensor) {
      const patched = entries.get(keys.value) ?? missing;
      const base = keys.base;
      const mask = keys.mask;
      for (let i = 0; i < dst.length; i++)
        dst[i] = (mask[i] ? patched : (entries.get(base[i]!) ?? missing)) as never;
      return out;
    }
    const src = keys.data;
    for (let i = 0; i < dst.length; i++) dst[i] = (entries.get(src[i]!) ?? missing) as never;
    return out;
  }
}
