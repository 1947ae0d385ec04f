import type { Deployment, DeploymentRegistry, ReplicaSet } from "@bqdeploy/core";

/** Where the /v1 proxy sends a model's requests, resolved once per reload of the table. */
export interface ModelRoute extends ReplicaSet {
  model: string;
  /** The model's deployments, in any state. */
  deployments: readonly Deployment[];
  /** The replicas of its ready (available or degraded) deployments; empty when none is ready. */
  endpoints: readonly string[];
}

type Routes = Map<string, ModelRoute>;

/**
 * Which deployments serve which model, for the /v1 proxy: the registry's list, cached for `ttlMs` so
 * that a prediction costs no runtime call. `invalidate()` after starting or stopping a deployment.
 */
export class DeploymentTable {
  private cached: { at: number; routes: Routes } | undefined;
  private pending: Promise<Routes> | undefined;
  /** Bumped by invalidate(): a load started before does not fill the cache. */
  private generation = 0;

  /** @param onReload called with every replica endpoint of every deployment after each reload. */
  constructor(
    private readonly deployments: DeploymentRegistry,
    private readonly ttlMs: number,
    private readonly onReload?: (endpoints: Set<string>) => void,
  ) {}

  /**
   * The route of `model` from a fresh cache: null when no deployment serves it, undefined when the
   * cache is stale (call `forModel`).
   */
  cachedRoute(model: string): ModelRoute | null | undefined {
    const cached = this.cached;
    if (cached === undefined || performance.now() - cached.at >= this.ttlMs) return undefined;
    return cached.routes.get(model) ?? null;
  }

  /** The route of `model`, or null when no deployment serves it. */
  async routeOf(model: string): Promise<ModelRoute | null> {
    const hit = this.cachedRoute(model);
    if (hit !== undefined) return hit;
    if (!this.pending) {
      const pending = this.load().finally(() => {
        if (this.pending === pending) this.pending = undefined;
      });
      this.pending = pending;
    }
    return (await this.pending).get(model) ?? null;
  }

  /** The deployments serving `model` (any state), or an empty list. */
  async forModel(model: string): Promise<readonly Deployment[]> {
    return (await this.routeOf(model))?.deployments ?? [];
  }

  invalidate(): void {
    this.cached = undefined;
    this.pending = undefined;
    this.generation++;
  }

  private async load(): Promise<Routes> {
    const generation = this.generation;
    const byModel = new Map<string, Deployment[]>();
    for (const d of (await this.deployments.list()).deployments) {
      const list = byModel.get(d.model);
      if (list) list.push(d);
      else byModel.set(d.model, [d]);
    }
    const routes: Routes = new Map();
    const all = new Set<string>();
    for (const [model, deployments] of byModel) {
      const ready = deployments.filter((d) => d.state === "available" || d.state === "degraded");
      routes.set(model, { model, deployments, ...this.deployments.replicaSet(ready) });
      for (const d of deployments) for (const endpoint of d.endpoints) all.add(endpoint);
    }
    if (generation === this.generation) {
      this.cached = { at: performance.now(), routes };
      this.onReload?.(all);
    }
    return routes;
  }
}
