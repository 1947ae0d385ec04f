import type { Tensor } from "../../protocol/tensor.js";
import type { EngineValue, KernelDef } from "../kernels/kernel.js";
import { NodeAttrs } from "../kernels/attrs.js";
import { outsideArena } from "../tensor/arena.js";
import { runStep } from "./executor.js";
import type { ExecutionPlan, PlanStep } from "./plan.js";

type RunnablePlan = Omit<ExecutionPlan, "byShape">;

/** A memo holding more than this many values (or bytes, estimated) starts over. */
const MAX_ENTRIES = 4096;
const MAX_BYTES = 8 * 1024 * 1024;
/** Lookups after which a memo that mostly misses (a free-text feature) stops caching. */
const TRIAL_LOOKUPS = 2048;
const MIN_HIT_RATE = 0.25;

/**
 * Memoises, per categorical feed, the part of a plan that depends on that feed alone.
 *
 * A BigQuery ML export turns each string feature into its own chain (Equal, SelectV2, ExpandDims,
 * NotEqual, Where, GatherNd, LookupTableFindV2, SparseToDense, OneHot, Sum, Reshape for an indicator
 * column) before the features meet in a ConcatV2 / MatMul. For a one-value string feed that chain is
 * a pure function of one string, and categorical features take few distinct values, so the chain's
 * outputs are kept per value and the whole chain becomes one map lookup.
 *
 * Applies to a plan already specialised to its feed shapes (so a feed's size is fixed): per feed that
 * is a one-element DT_STRING tensor, the steps that read only that feed, constants and each other
 * (and are pure, or stateful only through load-time state) collapse into one step at the place of
 * the first. Values fetched directly are never memoised (results belong to the caller). Errors are
 * never memoised: a failing value runs (and fails) again next time.
 */
export function withFeedMemos(plan: RunnablePlan, feeds: readonly EngineValue[]): RunnablePlan {
  const owners = feedOwners(plan);
  const fetched = new Set(plan.fetchSlots);
  let steps: PlanStep[] | undefined;
  for (let f = 0; f < feeds.length; f++) {
    if (!isOneString(feeds[f]!)) continue;
    const members: number[] = [];
    for (let k = 0; k < plan.steps.length; k++) if (owners[k] === f) members.push(k);
    if (members.length < 2) continue;
    const memoStep = collapse(plan, f, members, fetched);
    if (memoStep === undefined) continue;
    steps ??= plan.steps.slice();
    steps[members[0]!] = memoStep;
    for (let m = 1; m < members.length; m++) steps[members[m]!] = SKIPPED;
  }
  if (steps === undefined) return plan;
  return { ...plan, steps: steps.filter((s) => s !== SKIPPED) };
}

const SKIPPED = {} as PlanStep;

function isOneString(value: EngineValue): boolean {
  const data = (value as Tensor).data;
  return (value as Tensor).dtype === "DT_STRING" && Array.isArray(data) && data.length === 1;
}

/** Per step: the feed index whose value alone (with constants) determines it, or -1. */
function feedOwners(plan: RunnablePlan): Int32Array {
  const CONSTANT = -1;
  const MIXED = -2;
  const slotOwner = new Int32Array(plan.slotCount).fill(MIXED);
  plan.template.forEach((value, slot) => {
    if (value !== undefined) slotOwner[slot] = CONSTANT;
  });
  plan.feedSlots.forEach((slot, f) => {
    slotOwner[slot] = f;
  });
  const owners = new Int32Array(plan.steps.length).fill(-1);
  plan.steps.forEach((step, k) => {
    const pure = (step.def.stateful !== true || step.def.pureAfterInit === true) && !step.controlled;
    let owner = CONSTANT;
    for (const slot of step.inputSlots) {
      const o = slotOwner[slot]!;
      if (o === MIXED || (o >= 0 && owner >= 0 && o !== owner)) {
        owner = MIXED;
        break;
      }
      if (o >= 0) owner = o;
    }
    const result = pure && owner >= 0 ? owner : MIXED;
    for (const slot of step.outputSlots) if (slot >= 0) slotOwner[slot] = result;
    owners[k] = result >= 0 ? result : -1;
  });
  return owners;
}

/** One step standing for the `members` of feed `f`, or undefined when one of them is fetched. */
function collapse(
  plan: RunnablePlan,
  f: number,
  members: readonly number[],
  fetched: ReadonlySet<number>,
): PlanStep | undefined {
  const inside = new Set(members);
  const written = new Set<number>();
  for (const k of members) for (const slot of plan.steps[k]!.outputSlots) if (slot >= 0) written.add(slot);
  for (const slot of written) if (fetched.has(slot)) return undefined;
  const frontier = new Set<number>();
  plan.steps.forEach((step, k) => {
    if (inside.has(k)) return;
    for (const slot of step.inputSlots) if (written.has(slot)) frontier.add(slot);
  });
  const release = new Set<number>();
  for (const k of members)
    for (const slot of plan.steps[k]!.release) if (!written.has(slot)) release.add(slot);
  const feedSlot = plan.feedSlots[f]!;
  // Inside the memo, a frontier value must survive until it is handed out.
  const own = members.map((k) => {
    const step = plan.steps[k]!;
    return { ...step, release: step.release.filter((slot) => !frontier.has(slot)) };
  });
  const memo = new FeedMemo(plan.template, feedSlot, own, Int32Array.from(frontier));
  const first = plan.steps[members[0]!]!;
  const nodeName = `${first.ctx.nodeName} (and ${members.length - 1} more steps on the same feed)`;
  const def: KernelDef = { run: (_ctx, inputs) => memo.outputs(inputs[0] as Tensor) };
  return {
    def,
    ctx: { ...first.ctx, op: "FeedMemo", nodeName },
    attrs: new NodeAttrs(nodeName, {}),
    inputSlots: Int32Array.of(feedSlot),
    outputSlots: Int32Array.from(frontier),
    release: Int32Array.from(release),
    controlled: false,
  };
}

/** The memo of one feed's steps: outputs per feed value. */
class FeedMemo {
  readonly #entries = new Map<string, EngineValue[]>();
  #bytes = 0;
  #lookups = 0;
  #hits = 0;
  #caching = true;

  constructor(
    private readonly template: readonly (EngineValue | undefined)[],
    private readonly feedSlot: number,
    private readonly steps: readonly PlanStep[],
    private readonly frontier: Int32Array,
  ) {}

  outputs(feed: Tensor): EngineValue[] {
    const data = feed.data;
    if (!this.#caching || !Array.isArray(data) || data.length !== 1) return this.#compute(feed);
    const key = data[0]!;
    const known = this.#entries.get(key);
    this.#lookups++;
    if (known !== undefined) {
      this.#hits++;
      return known;
    }
    if (this.#lookups === TRIAL_LOOKUPS && this.#hits < TRIAL_LOOKUPS * MIN_HIT_RATE) {
      this.#caching = false;
      this.#entries.clear();
      return this.#compute(feed);
    }
    // Kept values outlive the run: their storage must not come from the plan's arena.
    const computed = outsideArena(() => this.#compute(feed));
    const bytes = computed.reduce((n, v) => n + estimatedBytes(v), 0);
    if (this.#entries.size >= MAX_ENTRIES || this.#bytes + bytes > MAX_BYTES) {
      this.#entries.clear();
      this.#bytes = 0;
    }
    this.#entries.set(key, computed);
    this.#bytes += bytes;
    return computed;
  }

  #compute(feed: Tensor): EngineValue[] {
    const values = this.template.slice();
    values[this.feedSlot] = feed;
    for (const step of this.steps) runStep(step, values);
    const out = new Array<EngineValue>(this.frontier.length);
    for (let i = 0; i < out.length; i++) out[i] = values[this.frontier[i]!]!;
    return out;
  }
}

/** An upper bound of a value's memory once dense (lazy tensors may densify later). */
function estimatedBytes(value: EngineValue): number {
  const shape = (value as Tensor).shape;
  if (shape === undefined) return 64;
  let size = 1;
  for (const d of shape) size *= d;
  return 64 + size * ((value as Tensor).dtype === "DT_STRING" ? 32 : 8);
}
