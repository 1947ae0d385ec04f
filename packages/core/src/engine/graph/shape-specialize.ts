import type { Tensor } from "../../protocol/tensor.js";
import type { EngineValue } from "../kernels/kernel.js";
import { outsideArena } from "../tensor/arena.js";
import { reshapeView } from "../tensor/views.js";
import { compactSlots } from "./compact-slots.js";
import { execute } from "./executor.js";
import { foldViews } from "./fold-views.js";
import { withReleases } from "./releases.js";
import { withFeedMemos } from "./feed-memo.js";
import type { ExecutionPlan, PlanStep } from "./plan.js";

/**
 * How an op's output shape is determined: by the shapes of some inputs ("all" or indices) and the
 * values of others (negative indices count from the end, for variadic ops such as ConcatV2's axis).
 * Only ops listed here are trusted; any other op's output shape counts as depending on data.
 */
type ShapeRule = { shapeOf: true } | { shapes: "all" | readonly number[]; values: readonly number[] };

const SAME_AS_INPUTS: ShapeRule = { shapes: "all", values: [] };
const AXIS_ARG: ShapeRule = { shapes: "all", values: [1] };

const SHAPE_RULES: Readonly<Record<string, ShapeRule>> = {
  Shape: { shapeOf: true },
  Size: { shapeOf: true },
  Rank: { shapeOf: true },
  ...Object.fromEntries(
    [
      "Abs",
      "Add",
      "AddV2",
      "BiasAdd",
      "Cast",
      "Equal",
      "Exp",
      "Floor",
      "GatherNd",
      "Greater",
      "GreaterEqual",
      "Identity",
      "Less",
      "LessEqual",
      "Log",
      "LogicalAnd",
      "LogicalNot",
      "LogicalOr",
      "MatMul",
      "Maximum",
      "Minimum",
      "Mul",
      "Neg",
      "NotEqual",
      "Pack",
      "RealDiv",
      "Relu",
      "Select",
      "SelectV2",
      "Sigmoid",
      "Snapshot",
      "Softmax",
      "Sqrt",
      "Squeeze",
      "StopGradient",
      "StringToHashBucketFast",
      "Sub",
      "ZerosLike",
    ].map((op) => [op, SAME_AS_INPUTS]),
  ),
  ...Object.fromEntries(
    [
      "ArgMax",
      "ExpandDims",
      "Max",
      "Mean",
      "Min",
      "OneHot",
      "Prod",
      "Reshape",
      "Sum",
      "Tile",
      "Transpose",
    ].map((op) => [op, AXIS_ARG]),
  ),
  ConcatV2: { shapes: "all", values: [-1] },
  Slice: { shapes: "all", values: [1, 2] },
  StridedSlice: { shapes: "all", values: [1, 2, 3] },
  LookupTableFindV2: { shapes: [1, 2], values: [] },
  SparseToDense: { shapes: [], values: [1] },
  Fill: { shapes: [], values: [0] },
  Range: { shapes: [], values: [0, 1, 2] },
};

const RUNTIME = 0;
const STATIC = 1;
const SHAPE_KNOWN = 2;
/** Ops that only relabel their input's shape: with that shape known, one view of a fixed shape. */
const VIEW_OPS = new Set(["ExpandDims", "Reshape", "Squeeze"]);

/** Requests up to this many fed values get specialised plans (per-step overhead matters there). */
const MAX_FED_VALUES = 4096;
/** Specialised plans kept per plan (a server sees few distinct request shapes). */
const MAX_PLANS = 32;

type RunnablePlan = Omit<ExecutionPlan, "byShape">;

/**
 * A plan specialised to its feeds' shapes: steps whose outputs depend only on those shapes (the
 * Shape / StridedSlice / Pack arithmetic a BigQuery ML input layer does per feature, tiles of
 * constants) are computed once per set of shapes and become constants, so a one-row request runs
 * only the steps that read the data. Which steps qualify is decided statically from SHAPE_RULES.
 * A specialised plan also memoises, per one-value string feed, the steps on that feed alone
 * (feed-memo.ts).
 */
export class ShapeSpecializations {
  #static: Uint8Array | undefined;
  readonly #plans = new Map<string, RunnablePlan>();
  #last: { shapes: number[][]; plan: RunnablePlan } | undefined;

  constructor(private readonly base: RunnablePlan) {}

  /** For tests and benchmarks: the specialised plans made so far, by shape key. */
  plansForDebug(): ReadonlyMap<string, RunnablePlan> {
    return this.#plans;
  }

  /** Runs the plan on `feeds`, through (or making) the plan specialised to their shapes when it pays. */
  run(feeds: readonly EngineValue[]): EngineValue[] {
    // A server mostly sees one request shape again and again: compare with the last one first.
    const last = this.#last;
    if (last !== undefined && sameShapes(feeds, last.shapes)) return execute(last.plan, feeds);
    const key = shapeKey(feeds);
    if (key === undefined) return execute(this.base, feeds);
    const plan = this.#plans.get(key);
    if (plan) {
      this.#last = { shapes: feeds.map((f) => (f as Tensor).shape.slice()), plan };
      return execute(plan, feeds);
    }
    const shapeStatic = this.#analysis();
    const captured = new Map<number, EngineValue>();
    const viewShapes = new Map<number, number[]>();
    const results = execute(
      { ...this.base, steps: capturing(this.base.steps, shapeStatic, captured, viewShapes) },
      feeds,
    );
    const made = compactSlots(
      withFeedMemos(specialised(this.base, shapeStatic, captured, viewShapes), feeds),
    );
    if (this.#plans.size >= MAX_PLANS) this.#plans.clear();
    // Nothing to pre-compute or memoise for these shapes: the base plan is as good.
    this.#plans.set(key, made.steps.length === this.base.steps.length ? this.base : made);
    return results;
  }

  /**
   * Per step: STATIC when its outputs depend only on the feeds' shapes (given the template's
   * constants); SHAPE_KNOWN when only its output's shape does.
   */
  #analysis(): Uint8Array {
    if (this.#static) return this.#static;
    const { base } = this;
    const valueKnown = new Uint8Array(base.slotCount);
    const shapeKnown = new Uint8Array(base.slotCount);
    base.template.forEach((v, slot) => {
      if (v !== undefined) valueKnown[slot] = shapeKnown[slot] = 1;
    });
    for (const slot of base.feedSlots) shapeKnown[slot] = 1;
    const result = new Uint8Array(base.steps.length);
    base.steps.forEach((step, i) => {
      const ins = step.inputSlots;
      const rule = SHAPE_RULES[step.ctx.op];
      const all = (known: Uint8Array): boolean => ins.every((s) => known[s] === 1);
      const pure = step.def.stateful !== true && !step.controlled;
      const isStatic =
        pure && (all(valueKnown) || (rule !== undefined && "shapeOf" in rule && all(shapeKnown)));
      let shapeIsKnown = isStatic;
      if (!isStatic && rule !== undefined && !("shapeOf" in rule)) {
        const at = (k: number): number => ins[k < 0 ? ins.length + k : k]!;
        const shapes = rule.shapes === "all" ? all(shapeKnown) : rule.shapes.every((k) => shapeKnown[at(k)]);
        shapeIsKnown = shapes && rule.values.every((k) => valueKnown[at(k)] === 1);
      }
      for (const slot of step.outputSlots) {
        if (slot < 0) continue;
        if (isStatic) valueKnown[slot] = 1;
        if (shapeIsKnown) shapeKnown[slot] = 1;
      }
      result[i] = isStatic ? STATIC : shapeIsKnown ? SHAPE_KNOWN : RUNTIME;
    });
    this.#static = result;
    return result;
  }
}

function sameShapes(feeds: readonly EngineValue[], shapes: readonly number[][]): boolean {
  if (feeds.length !== shapes.length) return false;
  for (let i = 0; i < shapes.length; i++) {
    const a = (feeds[i] as Tensor).shape;
    const b = shapes[i]!;
    if (a === undefined || a.length !== b.length) return false;
    for (let d = 0; d < b.length; d++) if (a[d] !== b[d]) return false;
  }
  return true;
}

/** "1;1;1" for the feeds' shapes, or undefined when the request is too large to specialise for. */
function shapeKey(feeds: readonly EngineValue[]): string | undefined {
  let key = "";
  let values = 0;
  for (let i = 0; i < feeds.length; i++) {
    const feed = feeds[i] as Tensor;
    const shape = feed.shape;
    if (shape === undefined) return undefined;
    let size = 1;
    for (let d = 0; d < shape.length; d++) size *= shape[d]!;
    values += size;
    key += i === 0 ? shape.join(",") : `;${shape.join(",")}`;
  }
  return values <= MAX_FED_VALUES ? key : undefined;
}

/**
 * The plan's steps, with the shape-static ones run outside the arena and their outputs recorded, and
 * the output shape of each view op whose shape is known recorded by step index.
 */
function capturing(
  steps: readonly PlanStep[],
  shapeStatic: Uint8Array,
  captured: Map<number, EngineValue>,
  viewShapes: Map<number, number[]>,
): PlanStep[] {
  return steps.map((step, i) => {
    if (shapeStatic[i] === SHAPE_KNOWN && VIEW_OPS.has(step.ctx.op)) {
      const def = {
        ...step.def,
        run: (...args: Parameters<PlanStep["def"]["run"]>) => {
          const outputs = step.def.run(...args);
          viewShapes.set(i, [...(outputs[0] as Tensor).shape]);
          return outputs;
        },
      };
      return { ...step, def };
    }
    if (shapeStatic[i] !== STATIC) return step;
    const def = {
      ...step.def,
      run: (...args: Parameters<PlanStep["def"]["run"]>) => {
        // Outside the arena: these values become constants of the specialised plan.
        const outputs = outsideArena(() => step.def.run(...args));
        step.outputSlots.forEach((slot, j) => {
          if (slot >= 0 && outputs[j] !== undefined) captured.set(slot, outputs[j]!);
        });
        return outputs;
      },
    };
    return { ...step, def };
  });
}

/**
 * The base plan for one set of feed shapes: shape-static steps gone (their outputs are constants of
 * the template), view ops of known shape as fixed views folded into their neighbours.
 */
function specialised(
  base: RunnablePlan,
  shapeStatic: Uint8Array,
  captured: ReadonlyMap<number, EngineValue>,
  viewShapes: ReadonlyMap<number, number[]>,
): RunnablePlan {
  const template = base.template.slice();
  for (const [slot, value] of captured) template[slot] = value;
  const steps: PlanStep[] = [];
  const fixed = new Map<PlanStep, number[]>();
  base.steps.forEach((step, i) => {
    if (shapeStatic[i] === STATIC) return;
    const shape = viewShapes.get(i);
    if (shape === undefined) {
      steps.push(step);
      return;
    }
    const view = fixedView(step, shape);
    fixed.set(view, shape);
    steps.push(view);
  });
  const folded = foldViews({ ...base, template, steps }, fixed);
  return { ...folded, steps: withReleases(folded.steps.slice(), folded.fetchSlots, template) };
}

/** A view op whose output shape is known: its data input under that shape, nothing resolved per run. */
function fixedView(step: PlanStep, shape: number[]): PlanStep {
  return {
    ...step,
    def: { run: (_ctx, inputs) => [reshapeView(inputs[0] as Tensor, shape)] },
    inputSlots: step.inputSlots.subarray(0, 1),
  };
}
