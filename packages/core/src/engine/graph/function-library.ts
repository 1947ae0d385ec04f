import type { FunctionDef } from "../../savedmodel/types.js";
import type { EngineValue } from "../kernels/kernel.js";
import { badGraph } from "../tensor/errors.js";
import { resolveFunctionInput } from "./endpoints.js";
import { execute } from "./executor.js";
import type { ExecutionPlan } from "./plan.js";
import { buildPlan, keyOf, type PlanEnv, type UnsupportedSink } from "./planner.js";

/**
 * The graph's function library (StatelessIf branches, PartitionedCall bodies). Each function is
 * compiled once, at load, into a plan whose feeds are its arguments (the call frame) and whose fetches
 * are its return values in output-arg order.
 */
export class FunctionLibrary {
  readonly #defs: Map<string, FunctionDef>;
  readonly #plans = new Map<string, ExecutionPlan | undefined>();
  readonly #compiling = new Set<string>();
  #env: PlanEnv | undefined;

  constructor(functions: readonly FunctionDef[]) {
    this.#defs = new Map(functions.map((f) => [f.name, f]));
  }

  /** Set once by the session: the environment the function bodies are planned in. */
  bind(env: PlanEnv): void {
    this.#env = env;
  }

  /** Compiles `name` (and the functions it calls), reporting ops without kernels to `unsupported`. */
  prepare(name: string, unsupported: UnsupportedSink): void {
    if (this.#plans.has(name)) return;
    const fn = this.#defs.get(name);
    if (!fn) throw badGraph(`function "${name}" is not in the graph's function library`);
    if (this.#compiling.has(name))
      throw badGraph(`function "${name}" calls itself; recursion is not supported`);
    const env = this.#env;
    if (!env) throw badGraph("function library used before it was bound to a session");
    this.#compiling.add(name);
    try {
      this.#plans.set(name, compile(fn, env, unsupported));
    } finally {
      this.#compiling.delete(name);
    }
  }

  /** Runs a compiled function on its arguments. */
  call(name: string, inputs: readonly EngineValue[]): EngineValue[] {
    const plan = this.#plans.get(name);
    if (!plan) throw badGraph(`function "${name}" was not compiled at load`);
    if (inputs.length !== plan.feedSlots.length) {
      throw badGraph(`function "${name}" takes ${plan.feedSlots.length} arguments, got ${inputs.length}`);
    }
    return execute(plan, inputs);
  }
}

function compile(fn: FunctionDef, env: PlanEnv, unsupported: UnsupportedSink): ExecutionPlan | undefined {
  const nodes = new Map(fn.nodes.map((n) => [n.name, n]));
  const args = new Map(fn.inputArgs.map((a, i) => [a.name, i]));
  const outputIndex = (node: string, arg: string, index: number): number => {
    const op = nodes.get(node)?.op;
    const names = (op && env.kernels.get(op)?.outputArgs) ?? ["output"];
    if (names.length <= 1) return index;
    const at = names.indexOf(arg);
    if (at < 0) throw badGraph(`function ${fn.name}: op ${op} has no output "${arg}"`);
    return at + index;
  };
  const resolve = (input: string) => resolveFunctionInput(input, args, outputIndex);
  const fetches = fn.outputArgs.map((out) => {
    const ret = fn.ret[out.name];
    if (ret === undefined) throw badGraph(`function ${fn.name} does not define its output "${out.name}"`);
    const key = keyOf(resolve(ret));
    if (key === undefined) throw badGraph(`function ${fn.name} returns a control edge for "${out.name}"`);
    return key;
  });
  return buildPlan(
    { where: `function ${fn.name}`, nodes, resolve, feeds: fn.inputArgs.map((_, i) => `#arg${i}`), fetches },
    env,
    unsupported,
  );
}
