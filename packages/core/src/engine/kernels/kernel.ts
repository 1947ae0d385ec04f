import type { Tensor } from "../../protocol/tensor.js";
import type { NodeAttrs } from "./attrs.js";

/** A handle to a stateful resource (variable, lookup table), as VarHandleOp / HashTableV2 output it. */
export interface ResourceHandle<R = unknown> {
  readonly kind: "resource";
  /** Resource key: the shared_name, or the node name when it has none. */
  readonly key: string;
  readonly resource: R;
}

/** What flows along graph edges. */
export type EngineValue = Tensor | ResourceHandle;

export function isResource(value: EngineValue): value is ResourceHandle {
  return (value as ResourceHandle).kind === "resource";
}

/** Resources of one loaded model, shared by its init run, its signatures and its functions. */
export interface ResourceScope {
  /** The resource under `key`, created by `create` the first time. */
  obtain<R>(key: string, create: () => R): R;
  /** The checkpoint value bound to the variable with this resource key, if any. */
  variableValue(key: string): Tensor | undefined;
}

/** Per-node context a kernel runs in (built once per planned node, never per request). */
export interface KernelContext {
  readonly nodeName: string;
  readonly op: string;
  readonly resources: ResourceScope;
  /** Runs a function of the graph's library (StatelessIf branches, PartitionedCall bodies). */
  callFunction(name: string, inputs: readonly EngineValue[]): EngineValue[];
}

/** Default of an attr stripped from the graph (stripped_default_attrs): number, bool, type or string. */
export type AttrDefault = number | boolean | string | number[];

/**
 * How an op executes. `run` receives its inputs in order and returns its outputs in order. Kernels
 * never mutate inputs; outputs may share storage with inputs (views).
 */
export interface KernelDef {
  run(ctx: KernelContext, inputs: readonly EngineValue[], attrs: NodeAttrs): EngineValue[];
  /** The op's attr defaults, used when the graph omits an attr. */
  defaults?: Record<string, AttrDefault>;
  /** Output arg names in order (for "node:out_arg:index" references in function bodies). */
  outputArgs?: readonly string[];
  /** Has side effects or depends on more than its inputs: never folded into constants at load. */
  stateful?: boolean;
  /**
   * Stateful only through state fixed once the model is loaded (an initialised lookup table): during
   * requests equal inputs give equal outputs, so a run may reuse an earlier output (see feed-memo.ts).
   */
  pureAfterInit?: boolean;
  /** Checks attrs at load; returns why this node cannot run (it is then reported as unsupported). */
  check?(attrs: NodeAttrs): string | undefined;
  /** Names of attrs holding functions the op calls (planned and checked at load). */
  functionAttrs?: readonly string[];
}
