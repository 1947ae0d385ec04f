import type { BufferArena } from "../tensor/arena.js";
import type { NodeAttrs } from "../kernels/attrs.js";
import type { EngineValue, KernelContext, KernelDef } from "../kernels/kernel.js";

/** One node to execute per run: its kernel, where its inputs are read and its outputs written. */
export interface PlanStep {
  readonly def: KernelDef;
  readonly ctx: KernelContext;
  readonly attrs: NodeAttrs;
  readonly inputSlots: Int32Array;
  /** Slot per output index (-1: output not used). */
  readonly outputSlots: Int32Array;
  /** Slots whose last reader is this step: cleared after it runs to free memory early. */
  readonly release: Int32Array;
}

/**
 * A compiled run of a graph body for fixed feeds and fetches: computed once at load. Values that do
 * not depend on feeds (constants, variables, tables, shapes of constants) are already in `template`.
 */
export interface ExecutionPlan {
  readonly slotCount: number;
  readonly template: readonly (EngineValue | undefined)[];
  readonly steps: readonly PlanStep[];
  readonly feedSlots: Int32Array;
  readonly fetchSlots: Int32Array;
  /** Storage of intermediate values reused across top-level runs (see executeRecycling). */
  readonly arena: BufferArena;
}
