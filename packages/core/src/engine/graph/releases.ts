import type { EngineValue } from "../kernels/kernel.js";
import type { PlanStep } from "./plan.js";

/** Marks, for each slot read per run, the last step that reads it (fetched and constant slots are kept). */
export function withReleases(
  steps: PlanStep[],
  fetchSlots: Int32Array,
  template: readonly (EngineValue | undefined)[],
): PlanStep[] {
  const last = new Map<number, number>();
  steps.forEach((step, i) => {
    for (const s of step.inputSlots) last.set(s, i);
  });
  const keep = new Set(fetchSlots);
  const releases: number[][] = steps.map(() => []);
  for (const [slot, i] of last) if (!keep.has(slot) && template[slot] === undefined) releases[i]!.push(slot);
  return steps.map((step, i) => ({ ...step, release: Int32Array.from(releases[i]!) }));
}
