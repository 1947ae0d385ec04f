import { BqdeployError } from "../../errors/index.js";
import type { SignatureSpec } from "../../protocol/servable.js";
import type { Tensor } from "../../protocol/tensor.js";
import type { ExecutionPlan } from "../graph/plan.js";
import type { UnsupportedSink } from "../graph/planner.js";
import { toPlain } from "../tensor/column-blocks.js";
import type { GraphSession } from "./graph-session.js";
import { checkInputKeys, checkInputTensors, checkOutputKeys } from "./request-checks.js";

/**
 * Runs one signature: checks the request as TF Serving does, feeds the inputs, returns the requested
 * outputs. The plan for all outputs is made at load; plans for subsets once, on first use.
 */
export class SignatureRunner {
  readonly #inputKeys: string[];
  readonly #feeds: string[];
  readonly #plans = new Map<string, ExecutionPlan>();
  /** The signature's output keys in declaration order and the plan fetching them all (the usual request). */
  readonly #allOutputs: string[];
  #allPlan: ExecutionPlan | undefined;

  constructor(
    readonly name: string,
    readonly spec: SignatureSpec,
    readonly session: GraphSession,
  ) {
    this.#inputKeys = Object.keys(spec.inputs).sort();
    this.#feeds = this.#inputKeys.map((k) => spec.inputs[k]!.name);
    this.#allOutputs = Object.keys(spec.outputs);
  }

  /** Plans the run of every output; ops without kernels go to `unsupported`. */
  prepare(unsupported: UnsupportedSink): void {
    this.#planFor(Object.keys(this.spec.outputs).sort(), unsupported);
  }

  #planFor(outputKeys: readonly string[], unsupported?: UnsupportedSink): ExecutionPlan | undefined {
    const id = outputKeys.join("\u0000");
    const cached = this.#plans.get(id);
    if (cached) return cached;
    const sink: UnsupportedSink = unsupported ?? new Map();
    const fetches = outputKeys.map((k) => this.spec.outputs[k]!.name);
    const plan = this.session.plan(`signature ${this.name}`, this.#feeds, fetches, sink);
    if (plan) this.#plans.set(id, plan);
    else if (!unsupported) throw new BqdeployError("INTERNAL", `signature ${this.name} could not be planned`);
    return plan;
  }

  /** The plan for `outputKeys`; the all-outputs plan without building a cache key when they are all asked. */
  #planOf(outputKeys: readonly string[]): ExecutionPlan {
    if (sameKeys(outputKeys, this.#allOutputs)) {
      this.#allPlan ??= this.#planFor(outputKeys)!;
      return this.#allPlan;
    }
    return this.#planFor(outputKeys)!;
  }

  run(inputs: Record<string, Tensor>, outputKeys: readonly string[]): Record<string, Tensor> {
    const inputKeys = this.#inputKeys;
    checkInputKeys(this.spec, inputs, inputKeys.length);
    checkOutputKeys(this.spec, outputKeys);
    checkInputTensors(this.spec, inputKeys, inputs);
    const plan = this.#planOf(outputKeys);
    const feeds = new Array<Tensor>(inputKeys.length);
    for (let i = 0; i < feeds.length; i++) feeds[i] = inputs[inputKeys[i]!]!;
    const values = this.session.runRecycling(plan, feeds);
    const out: Record<string, Tensor> = {};
    for (let i = 0; i < outputKeys.length; i++) {
      const key = outputKeys[i]!;
      const value = toPlain(values[i]!);
      const want = this.spec.outputs[key]!;
      if (value.dtype !== want.dtype) {
        throw new BqdeployError(
          "INTERNAL",
          `output ${key} came out as ${value.dtype} but the signature declares ${want.dtype}; the model is inconsistent.`,
        );
      }
      out[key] = value;
    }
    return out;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
