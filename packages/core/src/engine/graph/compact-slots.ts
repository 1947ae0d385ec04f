import type { ExecutionPlan, PlanStep } from "./plan.js";

type RunnablePlan = Omit<ExecutionPlan, "byShape">;

/**
 * The plan with its value slots renumbered to those its steps, feeds and fetches still use. A plan
 * specialised to one-row requests keeps a few dozen of the base plan's slots (the rest were
 * pre-computed or memoised away), and every run copies the template: copy only what is used.
 */
export function compactSlots(plan: RunnablePlan): RunnablePlan {
  const renumbered = new Int32Array(plan.slotCount).fill(-1);
  let count = 0;
  const use = (slot: number): void => {
    if (slot >= 0 && renumbered[slot] === -1) renumbered[slot] = count++;
  };
  plan.feedSlots.forEach(use);
  for (const step of plan.steps) {
    step.inputSlots.forEach(use);
    step.outputSlots.forEach(use);
  }
  plan.fetchSlots.forEach(use);
  if (count === plan.slotCount) return plan;
  const map = (slots: Int32Array): Int32Array => slots.map((s) => (s < 0 ? s : renumbered[s]!));
  const template: (typeof plan.template)[number][] = Array.from({ length: count }, () => undefined);
  plan.template.forEach((value, slot) => {
    if (renumbered[slot]! >= 0) template[renumbered[slot]!] = value;
  });
  const steps = plan.steps.map(
    (step): PlanStep => ({
      ...step,
      inputSlots: map(step.inputSlots),
      outputSlots: map(step.outputSlots),
      // A released slot nobody uses any more was written by a step that is gone.
      release: map(step.release.filter((s) => renumbered[s]! >= 0)),
    }),
  );
  return {
    ...plan,
    slotCount: count,
    template,
    steps,
    feedSlots: map(plan.feedSlots),
    fetchSlots: map(plan.fetchSlots),
  };
}
