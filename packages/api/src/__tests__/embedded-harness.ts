import { rmSync } from "node:fs";
import {
  type Deployment,
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  type Runtime,
} from "@bqdeploy/core";
import { sharedConformanceRepository } from "@bqdeploy/test-fixtures";
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
 * createApp + startApiServer over an EmbeddedRuntime, as `bqdeploy api` runs them (`docker` stands for
 * the Docker runtime beside it, whose replicas are reached over HTTP).
 */
export async function embeddedApi(
  config: ApiConfigInput = {},
  logger?: PinoLogger,
  docker?: Runtime,
): Promise<EmbeddedApi> {
  const root = sharedConformanceRepository("bqdeploy-api-embedded-");
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
