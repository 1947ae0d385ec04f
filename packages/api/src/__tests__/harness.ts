import { rmSync } from "node:fs";
import { DeploymentRegistry, JobRegistry, ModelRepository } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import { type ApiApp, createApp } from "../app.js";
import type { ApiConfigInput } from "../config.js";
import { FakeServingRuntime, tempRepository } from "./fake-runtime.js";

export const TOKEN = "s3cret-token";

export interface Harness {
  app: ApiApp;
  runtime: FakeServingRuntime;
  repository: ModelRepository;
  jobs: JobRegistry;
  /** app.request with the bearer token. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/** An app over a temporary repository and the fake runtime, with the token TOKEN. */
export function harness(config: ApiConfigInput = {}, logger?: PinoLogger): Harness {
  const root = tempRepository();
  const repository = new ModelRepository(root);
  const jobs = new JobRegistry();
  const runtime = new FakeServingRuntime();
  // Pulls go to a closed local port: tests never reach Google Cloud.
  const app = createApp({
    repository,
    jobs,
    deployments: new DeploymentRegistry({ embedded: runtime }),
    token: TOKEN,
    config: { storageEndpoint: "http://127.0.0.1:9", ...config },
    ...(logger ? { logger } : {}),
  });
  return {
    app,
    runtime,
    repository,
    jobs,
    call: async (method, path, body, headers = {}) =>
      app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    async close() {
      await app.close();
      await runtime.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
