import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Deployment,
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  type Runtime,
} from "@bqdeploy/core";
import { sharedModel } from "@bqdeploy/test-fixtures";
import type { Logger as PinoLogger } from "pino";
import { type ApiApp, createApp } from "../app.js";
import type { ApiConfigInput } from "../config.js";
import { type RunningApiServer, startApiServer } from "../server.js";

export const TOKEN = "embedded-token";
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** The `bqdeploy api` wiring over the real embedded runtime, listening on 127.0.0.1:0. */
export interface EmbeddedApi {
  app: ApiApp;
  runtime: EmbeddedRuntime;
  server: RunningApiServer;
  /** POST /deployments on the embedded runtime (through the API's own route). */
  deploy(model: string, replicas?: number): Promise<Deployment>;
  close(): Promise<void>;
}

/**
 * A repository with the shared real exports: tip_model versions 1 and 2 (both served, label stable ->
 * 1, as the conformance suite expects) and iris 1.
 */
function sharedRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "bqdeploy-api-embedded-"));
  for (const v of ["1", "2"])
    cpSync(sharedModel("tip_model/tf2.21"), join(root, "tip_model", v), { recursive: true });
  cpSync(sharedModel("iris_logistic_reg"), join(root, "iris", "1"), { recursive: true });
  writeFileSync(
    join(root, "models.config"),
    `model_config_list {
  config { name: 'tip_model' base_path: '/models/tip_model' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 } }
  config { name: 'iris' base_path: '/models/iris' model_platform: 'tensorflow' }
}
`,
  );
  return root;
}

/**
 * createApp + startApiServer over an EmbeddedRuntime, as `bqdeploy api` runs them (`docker` stands for
 * the Docker runtime beside it, whose replicas are reached over HTTP).
 */
export async function embeddedApi(
  config: ApiConfigInput = {},
  logger?: PinoLogger,
  docker?: Runtime,
): Promise<EmbeddedApi> {
  const root = sharedRepository();
  const runtime = new EmbeddedRuntime();
  const app = createApp({
    repository: new ModelRepository(root),
    jobs: new JobRegistry(),
    deployments: new DeploymentRegistry({ embedded: runtime, ...(docker ? { docker } : {}) }),
    token: TOKEN,
    config: { storageEndpoint: "http://127.0.0.1:9", ...config },
    ...(logger ? { logger } : {}),
  });
  const server = await startApiServer(app, { port: 0, hasToken: true });
  return {
    app,
    runtime,
    server,
    async deploy(model, replicas = 1) {
      const res = await fetch(`${server.url}/deployments`, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: JSON.stringify({ model, replicas }),
      });
      if (res.status !== 201) throw new Error(`POST /deployments: ${res.status} ${await res.text()}`);
      return (await res.json()) as Deployment;
    },
    async close() {
      await server.close();
      await runtime.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
