import type { Deployment, DeploymentRegistry } from "@bqdeploy/core";

/**
 * Which deployments serve which model, for the /v1 proxy: the registry's list, cached for `ttlMs` so
 * that a prediction costs no runtime call. `invalidate()` after starting or stopping a deployment.
 */
export class DeploymentTable {
  private cached: { at: number; byModel: Map<string, Deployment[]> } | undefined;
  private pending: Promise<Map<string, Deployment[]>> | undefined;

  constructor(
    private readonly deployments: DeploymentRegistry,
    private readonly ttlMs: number,
  ) {}

  /** The deployments serving `model` (any state), or an empty list. */
  async forModel(model: string): Promise<Deployment[]> {
    const now = performance.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.byModel.get(model) ?? [];
    this.pending ??= this.load().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).get(model) ?? [];
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<Map<string, Deployment[]>> {
    const byModel = new Map<string, Deployment[]>();
    for (const d of (await this.deployments.list()).deployments) {
      byModel.set(d.model, [...(byModel.get(d.model) ?? []), d]);
    }
    this.cached = { at: performance.now(), byModel };
    return byModel;
  }
}
