import type { Tensor } from "../../protocol/tensor.js";
import type { SavedModelBundle } from "../../savedmodel/types.js";
import { endpointKey, parseTensorName, resolveGraphInput } from "../graph/endpoints.js";
import { execute, executeRecycling } from "../graph/executor.js";
import { FunctionLibrary } from "../graph/function-library.js";
import type { ExecutionPlan } from "../graph/plan.js";
import { buildPlan, type PlanEnv, type UnsupportedSink } from "../graph/planner.js";
import { bindVariables } from "../graph/variable-binding.js";
import type { ResourceScope } from "../kernels/kernel.js";
import type { KernelRegistry } from "../kernels/registry.js";
import { scalar } from "../tensor/tensors.js";

/**
 * One loaded graph: its resources (variables bound from the checkpoint, lookup tables), its function
 * library, and the asset paths that replace the graph's absolute ones. Plans made from it share all of
 * these, so tables initialised by the init run are the ones signatures read.
 */
export class GraphSession {
  readonly #nodes;
  readonly #constants = new Map<string, Tensor>();
  readonly #env: PlanEnv;

  constructor(bundle: SavedModelBundle, kernels: KernelRegistry) {
    const graph = bundle.metaGraph.graph;
    this.#nodes = new Map(graph.nodes.map((n) => [n.name, n]));
    for (const [name, path] of bundle.assetPaths) {
      this.#constants.set(endpointKey(parseTensorName(name)), scalar("DT_STRING", path));
    }
    const variables = bindVariables(graph, bundle.variables);
    const objects = new Map<string, unknown>();
    const resources: ResourceScope = {
      obtain<R>(key: string, create: () => R): R {
        if (!objects.has(key)) objects.set(key, create());
        return objects.get(key) as R;
      },
      variableValue: (key) => variables.get(key),
    };
    const library = new FunctionLibrary(graph.library);
    this.#env = {
      kernels,
      resources,
      callFunction: (name, inputs) => library.call(name, inputs),
      prepareFunction: (name, unsupported) => library.prepare(name, unsupported),
    };
    library.bind(this.#env);
  }

  /**
   * Plans a run feeding and fetching graph tensor names ("fare_amount:0", "compute:0") and running
   * `targets` for effect. Ops without kernels are added to `unsupported` (then no plan is returned).
   */
  plan(
    where: string,
    feeds: readonly string[],
    fetches: readonly string[],
    unsupported: UnsupportedSink,
    targets: readonly string[] = [],
  ): ExecutionPlan | undefined {
    const key = (name: string): string => endpointKey(parseTensorName(name));
    return buildPlan(
      {
        where,
        nodes: this.#nodes,
        resolve: resolveGraphInput,
        feeds: feeds.map(key),
        fetches: fetches.map(key),
        targets,
        constants: this.#constants,
      },
      this.#env,
      unsupported,
    );
  }

  /** Runs a plan (init runs with no feeds; signatures feed their inputs). */
  run(plan: ExecutionPlan, feeds: readonly Tensor[] = []): Tensor[] {
    return execute(plan, feeds) as Tensor[];
  }

  /** Runs a signature's plan, reusing its intermediate storage from the previous run (results are plain). */
  runRecycling(plan: ExecutionPlan, feeds: readonly Tensor[]): Tensor[] {
    return executeRecycling(plan, feeds) as Tensor[];
  }
}
