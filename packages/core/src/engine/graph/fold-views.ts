import type { Tensor } from "../../protocol/tensor.js";
import type { KernelDef } from "../kernels/kernel.js";
import { reshapeView } from "../tensor/views.js";
import type { ExecutionPlan, PlanStep } from "./plan.js";

type RunnablePlan = Omit<ExecutionPlan, "byShape">;

/** Element-wise ops of one input: their values do not depend on the input's shape. */
const ELEMENTWISE_UNARY = new Set(["Cast"]);

/**
 * Folds views of fixed shape into the steps around them, in a plan specialised to its feed shapes.
 * A numeric feature of a BigQuery ML input layer runs ExpandDims -> Cast -> Reshape, where both
 * views have known shapes: that becomes one step, Cast of the feed viewed under the final shape.
 *
 * - A fixed view read by one element-wise unary step is skipped: the step reads the view's input
 *   (its values are the same whatever the shape), provided the step's own output is itself folded
 *   into a fixed view (so its shape is set absolutely).
 * - A fixed view whose input is the only output read of the step before it is folded into that
 *   step: the step's output comes out viewed under the fixed shape.
 *
 * `fixedShape` gives the output shape of each fixed view step (by step object). Release lists are
 * left as they were: recompute them afterwards (withReleases), steps now read other slots.
 */
export function foldViews(plan: RunnablePlan, fixedShape: ReadonlyMap<PlanStep, number[]>): RunnablePlan {
  const readers = new Map<number, number>();
  for (const step of plan.steps)
    for (const slot of step.inputSlots) readers.set(slot, (readers.get(slot) ?? 0) + 1);
  for (const slot of plan.fetchSlots) readers.set(slot, (readers.get(slot) ?? 0) + 2);
  const soleReader = (slot: number): boolean => readers.get(slot) === 1;
  const producer = new Map<number, number>();
  plan.steps.forEach((step, k) => {
    for (const slot of step.outputSlots) if (slot >= 0) producer.set(slot, k);
  });
  const steps: (PlanStep | undefined)[] = plan.steps.slice();
  plan.steps.forEach((view, v) => {
    const shape = fixedShape.get(view);
    if (shape === undefined) return;
    const input = view.inputSlots[0]!;
    const p = producer.get(input);
    if (p === undefined || !soleReader(input)) return;
    const step = steps[p];
    if (step === undefined || step.outputSlots.length !== 1 || fixedShape.has(step)) return;
    if (step.controlled || step.def.stateful) return;
    // The producer's output, viewed: written where the view wrote.
    let folded = viewed(step, shape, view.outputSlots[0]!);
    // And if the producer is element-wise and reads a fixed view of its own, it reads that view's input.
    const before = producer.get(folded.inputSlots[0]!);
    const inner = before === undefined ? undefined : steps[before];
    if (
      ELEMENTWISE_UNARY.has(step.ctx.op) &&
      inner !== undefined &&
      fixedShape.has(inner) &&
      soleReader(folded.inputSlots[0]!)
    ) {
      const inputSlots = Int32Array.from(folded.inputSlots);
      inputSlots[0] = inner.inputSlots[0]!;
      folded = { ...folded, inputSlots };
      steps[before!] = undefined;
    }
    steps[p] = folded;
    steps[v] = undefined;
  });
  const kept = steps.filter((s): s is PlanStep => s !== undefined);
  return kept.length === plan.steps.length ? plan : { ...plan, steps: kept };
}

/** `step` with its one output viewed under `shape`, written to `slot`. */
function viewed(step: PlanStep, shape: number[], slot: number): PlanStep {
  const run = step.def.run;
  const def: KernelDef = {
    ...step.def,
    run: (ctx, inputs, attrs) => [reshapeView(run(ctx, inputs, attrs)[0] as Tensor, shape)],
  };
  return { ...step, def, outputSlots: Int32Array.of(slot) };
}
