import { BqdeployError, isBqdeployError } from "../../errors/index.js";
import { type EngineValue, isResource } from "../kernels/kernel.js";
import { arenaActive, enterArena, leaveArena } from "../tensor/arena.js";
import { toPlain } from "../tensor/column-blocks.js";
import { badGraph } from "../tensor/errors.js";
import type { ExecutionPlan, PlanStep } from "./plan.js";

/** TF appends the failing node to a kernel's message; so do we (TF Serving returns it as is). */
function annotate(error: unknown, step: PlanStep): BqdeployError {
  const where = `\n\t [[{{node ${step.ctx.nodeName}}}]]`;
  if (isBqdeployError(error)) {
    if (error.code !== "INVALID_ARGUMENT" || error.message.includes("[[{{node ")) return error;
    return new BqdeployError(error.code, `${error.message}${where}`, {
      cause: error.cause,
      details: error.details,
    });
  }
  const text = error instanceof Error ? error.message : String(error);
  return new BqdeployError("INTERNAL", `${step.ctx.op} failed: ${text}${where}`, { cause: error });
}

/** Runs one step, writing its outputs into `values`. */
export function runStep(step: PlanStep, values: (EngineValue | undefined)[]): void {
  const slots = step.inputSlots;
  const inputs = new Array<EngineValue>(slots.length);
  for (let i = 0; i < slots.length; i++) inputs[i] = values[slots[i]!]!;
  let outputs: EngineValue[];
  try {
    outputs = step.def.run(step.ctx, inputs, step.attrs);
  } catch (error) {
    throw annotate(error, step);
  }
  const out = step.outputSlots;
  for (let j = 0; j < out.length; j++) {
    const slot = out[j]!;
    if (slot < 0) continue;
    const value = outputs[j];
    if (value === undefined) throw badGraph(`${step.ctx.op} ${step.ctx.nodeName} has no output ${j}`);
    values[slot] = value;
  }
  const release = step.release;
  for (let i = 0; i < release.length; i++) values[release[i]!] = undefined;
}

/** Executes a plan: feeds in the plan's feed order, fetches returned in its fetch order. */
export function execute(plan: Omit<ExecutionPlan, "byShape">, feeds: readonly EngineValue[]): EngineValue[] {
  const values = plan.template.slice();
  for (let i = 0; i < plan.feedSlots.length; i++) values[plan.feedSlots[i]!] = feeds[i];
  for (const step of plan.steps) runStep(step, values);
  const fetches = new Array<EngineValue>(plan.fetchSlots.length);
  for (let i = 0; i < fetches.length; i++) {
    const value = values[plan.fetchSlots[i]!];
    if (value === undefined) throw badGraph("a fetched tensor was not computed");
    fetches[i] = value;
  }
  return fetches;
}

/**
 * Executes a plan as a top-level run whose intermediate storage is reused by the plan's next run.
 * Results come back plain (structured tensors materialised) and their storage is the caller's: it
 * is never handed out again. Nested runs (function calls) share the outer run's arena.
 */
export function executeRecycling(plan: ExecutionPlan, feeds: readonly EngineValue[]): EngineValue[] {
  if (arenaActive()) return execute(plan, feeds);
  const arena = plan.arena;
  let results: EngineValue[];
  enterArena(arena);
  try {
    results = plan.byShape.run(feeds);
  } catch (error) {
    arena.abandon();
    throw error;
  } finally {
    leaveArena();
  }
  // Materialised outside the arena: results are the caller's.
  for (let i = 0; i < results.length; i++) {
    const value = results[i]!;
    if (!isResource(value)) results[i] = toPlain(value);
  }
  if (arena.handedOut()) {
    const keep = new Set<ArrayBufferLike>();
    for (const value of results) {
      if (!isResource(value) && !Array.isArray(value.data)) keep.add(value.data.buffer);
    }
    arena.recycle(keep);
  }
  return results;
}
