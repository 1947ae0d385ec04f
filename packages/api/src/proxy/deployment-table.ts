import { type Deployment, toBqdeployError } from "@bqdeploy/core";
import type { RuntimeSet } from "../deps.js";

/** The deployments of every runtime, listed together (a runtime that fails to list is skipped). */
export async function listDeployments(runtimes: RuntimeSet): Promise<Deployment[]> {
  const lists = await Promise.all(
    Object.values(runtimes).map((runtime) => runtime!.list().catch(() => [] as Deployment[])),
  );
  return lists.flat();
}

/** The runtime holding deployment `id`, with its state; NOT_FOUND from the last runtime asked. */
export async function findDeployment(
  runtimes: RuntimeSet,
  id: string,
): Promise<{ runtime: NonNullable<RuntimeSet[keyof RuntimeSet]>; deployment: Deployment }> {
  let lastError: unknown;
  for (const runtime of Object.values(runtimes)) {
    try {
      return { runtime: runtime!, deployment: await runtime!.status(id) };
    } catch (err) {
      if (toBqdeployError(err).code !== "NOT_FOUND") throw err;
      lastError = err;
    }
  }
  throw toBqdeployError(lastError ?? new Error(`No deployment ${id}`), "NOT_FOUND");
}

/**
 * Which deployments serve which model, for the /v1 proxy: the runtimes' lists, cached for `ttlMs` so
 * that a prediction costs no runtime call. `invalidate()` after starting or stopping a deployment.
 */
export class DeploymentTable {
  private cached: { at: number; byModel: Map<string, Deployment[]> } | undefined;
  private pending: Promise<Map<string, Deployment[]>> | undefined;

  constructor(
    private readonly runtimes: RuntimeSet,
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
    for (const d of await listDeployments(this.runtimes)) {
      byModel.set(d.model, [...(byModel.get(d.model) ?? []), d]);
    }
    this.cached = { at: performance.now(), byModel };
    return byModel;
  }
}
