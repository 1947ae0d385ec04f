import type { KernelDef } from "./kernel.js";

/**
 * Op name -> kernel. The planner asks it for every node it needs; an op with no kernel is reported at
 * load time. Supporting a new op is registering one KernelDef here (see default-kernels.ts).
 */
export class KernelRegistry {
  readonly #kernels = new Map<string, KernelDef>();

  constructor(entries: Iterable<readonly [string, KernelDef]> = []) {
    for (const [op, def] of entries) this.register(op, def);
  }

  register(op: string, def: KernelDef): this {
    this.#kernels.set(op, def);
    return this;
  }

  get(op: string): KernelDef | undefined {
    return this.#kernels.get(op);
  }

  has(op: string): boolean {
    return this.#kernels.has(op);
  }

  /** Every supported op name, sorted. */
  ops(): string[] {
    return [...this.#kernels.keys()].sort();
  }

  /** A copy that can be extended without touching this one. */
  clone(): KernelRegistry {
    return new KernelRegistry(this.#kernels);
  }
}
