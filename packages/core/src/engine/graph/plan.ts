import type { BufferArena } from "../tensor/arena.js";
import type { ShapeSpecializations } from "./shape-specialize.js";
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
  /** Waits on a control edge from a node that runs per request (so it is never pre-computed). */
  readonly controlled: boolean;
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
  /** Plans specialised to one set of feed shapes (see shape-specialize.ts), made on demand. */
  readonly byShape: ShapeSpecializations;
}
