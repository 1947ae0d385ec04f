import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BqdeployError,
  type Deployment,
  type DeploymentSpec,
  type LogLine,
  type LogOptions,
  type Runtime,
} from "@bqdeploy/core";
import { type FakeTfServing, startFakeTfServing, tipModelFake } from "@bqdeploy/test-fixtures";

/**
 * A Runtime for tests whose replicas are real fake-TF-Serving servers on 127.0.0.1 (the standard
 * line-up: tip_model 1 and 2, iris, half_plus_two, loading_model), so the proxy talks real HTTP.
 */
export class FakeServingRuntime implements Runtime {
  readonly name = "embedded" as const;
  readonly servers = new Map<string, { deployment: Deployment; replicas: FakeTfServing[] }>();
  readonly logLines: LogLine[] = [{ stream: "stdout", text: "Serving on 127.0.0.1", replica: 0 }];

  async start(spec: DeploymentSpec): Promise<Deployment> {
    const id = spec.id ?? spec.model;
    if (this.servers.has(id)) throw new BqdeployError("ALREADY_EXISTS", `Deployment ${id} exists.`);
    const replicas = await Promise.all(
      Array.from({ length: spec.replicas ?? 1 }, () => startFakeTfServing({ models: tipModelFake() })),
    );
    const deployment: Deployment = {
      id,
      runtime: "embedded",
      model: spec.model,
      endpoints: replicas.map((r) => r.url),
      replicas: replicas.length,
      startedAt: new Date().toISOString(),
      state: "available",
    };
    this.servers.set(id, { deployment, replicas });
    return { ...deployment };
  }

  async status(id: string): Promise<Deployment> {
    const found = this.servers.get(id);
    if (!found) throw new BqdeployError("NOT_FOUND", `No deployment ${id}.`);
    return { ...found.deployment };
  }

  async stop(id: string): Promise<void> {
    const found = this.servers.get(id);
    if (!found) throw new BqdeployError("NOT_FOUND", `No deployment ${id}.`);
    this.servers.delete(id);
    await Promise.all(found.replicas.map((r) => r.close()));
  }

  async list(): Promise<Deployment[]> {
    return [...this.servers.values()].map((s) => ({ ...s.deployment }));
  }

  async *logs(id: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    await this.status(id);
    yield* options.tail === undefined ? this.logLines : this.logLines.slice(-options.tail);
    if (options.follow && !options.signal?.aborted) {
      await new Promise<void>((resolve) => options.signal?.addEventListener("abort", () => resolve()));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.keys()].map((id) => this.stop(id)));
  }
}

/** A temporary repository with tip_model versions 1 and 2 and iris 1 (marker files only). */
export function tempRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "bqdeploy-api-"));
  for (const [model, version] of [
    ["tip_model", 1],
    ["tip_model", 2],
    ["iris", 1],
  ] as const) {
    mkdirSync(join(root, model, String(version)), { recursive: true });
    writeFileSync(join(root, model, String(version), "saved_model.pb"), "");
  }
  return root;
}
