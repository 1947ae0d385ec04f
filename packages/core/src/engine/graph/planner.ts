import type { Tensor } from "../../protocol/tensor.js";
import type { NodeDef } from "../../savedmodel/types.js";
import { NodeAttrs } from "../kernels/attrs.js";
import type { EngineValue, KernelContext, KernelDef, ResourceScope } from "../kernels/kernel.js";
import type { KernelRegistry } from "../kernels/registry.js";
import { BufferArena, outsideArena } from "../tensor/arena.js";
import { badGraph } from "../tensor/errors.js";
import type { ResolvedInput } from "./endpoints.js";
import type { ExecutionPlan, PlanStep } from "./plan.js";
import { withReleases } from "./releases.js";
import { ShapeSpecializations } from "./shape-specialize.js";

/** Where a plan's values come from: fed keys, fixed constants, and node outputs ("node:index"). */
export interface PlanSpec {
  /** e.g. "signature serving_default" or "function cond_true_63" (for messages). */
  where: string;
  nodes: ReadonlyMap<string, NodeDef>;
  /** Resolves one input string of a node (graph and function bodies spell inputs differently). */
  resolve(input: string): ResolvedInput;
  /** Value keys fed per run ("node:0", or "#arg0" for function arguments), in feed order. */
  feeds: readonly string[];
  /** Value keys returned per run, in order. */
  fetches: readonly string[];
  /** Nodes to run for their effect (init ops). */
  targets?: readonly string[];
  /** Value keys with fixed values (asset paths fed instead of the graph's absolute paths). */
  constants?: ReadonlyMap<string, Tensor>;
}

export interface PlanEnv {
  kernels: KernelRegistry;
  resources: ResourceScope;
  callFunction(name: string, inputs: readonly EngineValue[]): EngineValue[];
  /** Compiles a library function (recursively checking its ops); reports problems through `unsupported`. */
  prepareFunction(name: string, unsupported: UnsupportedSink): void;
}

/** Collects ops that cannot run: op (or "op (reason)") -> node names. */
export type UnsupportedSink = Map<string, Set<string>>;

export function keyOf(input: ResolvedInput): string | undefined {
  if (input.kind === "data") return `${input.endpoint.node}:${input.endpoint.output}`;
  if (input.kind === "arg") return `#arg${input.index}`;
  return undefined;
}

function nodeOfKey(key: string): string | undefined {
  if (key.startsWith("#arg")) return undefined;
  return key.slice(0, key.lastIndexOf(":"));
}

/** Nodes needed for the fetches and targets, dependencies first (iterative DFS, cycle-checked). */
function neededInOrder(
  spec: PlanSpec,
  resolved: Map<string, ResolvedInput[]>,
  provided: Set<string>,
): NodeDef[] {
  const order: NodeDef[] = [];
  const state = new Map<string, 1 | 2>();
  const depsOf = (node: NodeDef): string[] => {
    let inputs = resolved.get(node.name);
    if (!inputs) {
      inputs = node.inputs.map((i) => spec.resolve(i));
      resolved.set(node.name, inputs);
    }
    const deps: string[] = [];
    for (const input of inputs) {
      if (input.kind === "control") deps.push(input.node);
      else if (input.kind === "data" && !provided.has(keyOf(input)!)) deps.push(input.endpoint.node);
    }
    return deps;
  };
  const roots = [...spec.fetches.filter((k) => !provided.has(k)).map(nodeOfKey), ...(spec.targets ?? [])];
  for (const root of roots) {
    if (root === undefined || state.get(root) === 2) continue;
    const stack: { node: NodeDef; deps: string[]; next: number }[] = [];
    const push = (name: string): void => {
      const node = spec.nodes.get(name);
      if (!node) throw badGraph(`${spec.where}: node "${name}" does not exist`);
      state.set(name, 1);
      stack.push({ node, deps: depsOf(node), next: 0 });
    };
    push(root);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.deps.length) {
        const dep = top.deps[top.next++]!;
        const s = state.get(dep);
        if (s === 1) throw badGraph(`${spec.where}: the graph has a cycle through node "${dep}"`);
        if (s === undefined) push(dep);
        continue;
      }
      stack.pop();
      state.set(top.node.name, 2);
      order.push(top.node);
    }
  }
  return order;
}

/**
 * Compiles a plan: finds the nodes the fetches and targets need (never touching anything else, so
 * save/restore ops are ignored), checks every op has a kernel (unsupported ones go to `unsupported`
 * and no plan is returned), assigns value slots, and folds feed-independent nodes into constants.
 */
export function buildPlan(
  spec: PlanSpec,
  env: PlanEnv,
  unsupported: UnsupportedSink,
): ExecutionPlan | undefined {
  // Folded constants live as long as the plan: never in a run's recycled storage.
  return outsideArena(() => planUnder(spec, env, unsupported));
}

function planUnder(spec: PlanSpec, env: PlanEnv, unsupported: UnsupportedSink): ExecutionPlan | undefined {
  const constants = spec.constants ?? new Map<string, Tensor>();
  const provided = new Set<string>([...spec.feeds, ...constants.keys()]);
  const resolved = new Map<string, ResolvedInput[]>();
  const order = neededInOrder(spec, resolved, provided);
  const defs = new Map<string, KernelDef>();
  const attrsOf = new Map<string, NodeAttrs>();
  let complete = true;
  for (const node of order) {
    const def = env.kernels.get(node.op);
    const note = (label: string): void => {
      complete = false;
      const nodes = unsupported.get(label) ?? new Set<string>();
      nodes.add(node.name);
      unsupported.set(label, nodes);
    };
    if (!def) {
      note(node.op);
      continue;
    }
    const attrs = new NodeAttrs(node.name, node.attr, def.defaults);
    const reason = def.check?.(attrs);
    if (reason !== undefined) note(`${node.op} (${reason})`);
    for (const attr of def.functionAttrs ?? []) {
      const fn = attrs.func(attr);
      if (fn !== undefined) env.prepareFunction(fn, unsupported);
    }
    defs.set(node.name, def);
    attrsOf.set(node.name, attrs);
  }
  if (!complete) return undefined;
  return assemble(spec, env, order, resolved, defs, attrsOf, constants);
}

function assemble(
  spec: PlanSpec,
  env: PlanEnv,
  order: NodeDef[],
  resolved: Map<string, ResolvedInput[]>,
  defs: Map<string, KernelDef>,
  attrsOf: Map<string, NodeAttrs>,
  constants: ReadonlyMap<string, Tensor>,
): ExecutionPlan {
  const slots = new Map<string, number>();
  const slotOf = (key: string): number => {
    let s = slots.get(key);
    if (s === undefined) {
      s = slots.size;
      slots.set(key, s);
    }
    return s;
  };
  spec.feeds.forEach(slotOf);
  const template: (EngineValue | undefined)[] = [];
  const staticKeys = new Set<string>();
  for (const [key, value] of constants) {
    template[slotOf(key)] = value;
    staticKeys.add(key);
  }
  const staticNodes = new Set<string>();
  const steps: PlanStep[] = [];
  const used = usedOutputs(spec, resolved, order);
  for (const node of order) {
    const def = defs.get(node.name)!;
    const attrs = attrsOf.get(node.name)!;
    const inputs = resolved.get(node.name) ?? [];
    const inputKeys: string[] = [];
    let foldable = def.stateful !== true;
    let controlled = false;
    for (const input of inputs) {
      if (input.kind === "control") {
        if (!staticNodes.has(input.node)) {
          foldable = false;
          controlled = true;
        }
        continue;
      }
      const key = keyOf(input)!;
      inputKeys.push(key);
      if (!staticKeys.has(key)) foldable = false;
    }
    const ctx: KernelContext = {
      nodeName: node.name,
      op: node.op,
      resources: env.resources,
      callFunction: env.callFunction,
    };
    const usedOutputs = [...(used.get(node.name) ?? [])].sort((a, b) => a - b);
    const outputSlots = new Int32Array(usedOutputs.length === 0 ? 0 : Math.max(...usedOutputs) + 1).fill(-1);
    for (const o of usedOutputs) outputSlots[o] = slotOf(`${node.name}:${o}`);
    const step: PlanStep = {
      def,
      ctx,
      attrs,
      inputSlots: Int32Array.from(inputKeys.map(slotOf)),
      outputSlots,
      release: new Int32Array(0),
      controlled,
    };
    if (foldable) {
      const outputs = def.run(
        ctx,
        inputKeys.map((k) => template[slots.get(k)!]!),
        attrs,
      );
      for (const o of usedOutputs) {
        template[outputSlots[o]!] = outputs[o];
        staticKeys.add(`${node.name}:${o}`);
      }
      staticNodes.add(node.name);
      continue;
    }
    steps.push(step);
  }
  const fetchSlots = Int32Array.from(spec.fetches.map(slotOf));
  const dense = Array.from({ length: slots.size }, (_, i) => template[i]);
  const plan = {
    slotCount: slots.size,
    template: dense,
    steps: withReleases(steps, fetchSlots, dense),
    feedSlots: Int32Array.from(spec.feeds.map(slotOf)),
    fetchSlots,
    arena: new BufferArena(),
  };
  return Object.assign(plan, { byShape: new ShapeSpecializations(plan) });
}

/** Node -> its output indices read by planned nodes or fetched. */
function usedOutputs(
  spec: PlanSpec,
  resolved: Map<string, ResolvedInput[]>,
  order: NodeDef[],
): Map<string, Set<number>> {
  const used = new Map<string, Set<number>>();
  const mark = (node: string, output: number): void => {
    const set = used.get(node) ?? new Set<number>();
    set.add(output);
    used.set(node, set);
  };
  for (const key of spec.fetches) {
    const at = key.lastIndexOf(":");
    if (!key.startsWith("#arg")) mark(key.slice(0, at), Number(key.slice(at + 1)));
  }
  for (const node of order) {
    for (const input of resolved.get(node.name) ?? []) {
      if (input.kind === "data") mark(input.endpoint.node, input.endpoint.output);
    }
  }
  return used;
}
