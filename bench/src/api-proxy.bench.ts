// The API's /v1 proxy vs the same backend directly: prediction requests per second under one load
// generator (bench/src/lib/load.ts), alternating rounds; then 200 connections for 60 s through the proxy.
import { createApp, startApiServer } from "@bqdeploy/api";
import {
  type Deployment,
  DeploymentRegistry,
  JobRegistry,
  ModelRepository,
  type Runtime,
} from "@bqdeploy/core";
import { startFakeTfServing, tipModelFake, SEED_REQUEST } from "@bqdeploy/test-fixtures";
import { runLoad } from "./lib/load.js";
import { report } from "./lib/measure.js";

const BODY = JSON.stringify(SEED_REQUEST);
const PATH = "/v1/models/tip_model:predict";
const TOKEN = "bench-token";
const CONCURRENCY = 32;
const DURATION_MS = 2_000;
const ROUNDS = 3;
const SOAK_CONNECTIONS = 200;
const SOAK_MS = Number(process.env.BQDEPLOY_BENCH_SOAK_MS ?? 60_000);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A runtime that only reports one already running deployment (the fake TF Serving). */
function runningDeployment(deployment: Deployment): Runtime {
  const status = async (): Promise<Deployment> => deployment;
  return {
    name: "embedded",
    start: status,
    status,
    stop: async () => {},
    list: async () => [deployment],
    logs: async function* () {},
  };
}

export async function run(): Promise<void> {
  const backend = await startFakeTfServing({ models: tipModelFake(), metrics: false });
  const deployment: Deployment = {
    id: "tip_model",
    runtime: "embedded",
    model: "tip_model",
    endpoints: [backend.url],
    replicas: 1,
    startedAt: new Date().toISOString(),
    state: "available",
  };
  const app = createApp({
    repository: new ModelRepository("/nonexistent"),
    jobs: new JobRegistry(),
    deployments: new DeploymentRegistry({ embedded: runningDeployment(deployment) }),
    token: TOKEN,
  });
  const api = await startApiServer(app, { port: 0, hasToken: true });
  const headers = { authorization: `Bearer ${TOKEN}` };
  const load = (origin: string, connections = CONCURRENCY, durationMs = DURATION_MS) =>
    runLoad({ origin, path: PATH, body: BODY, headers, connections, durationMs, warmupMs: 300 });
  try {
    const proxied: number[] = [];
    const direct: number[] = [];
    let errors = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const p = await load(api.url);
      const d = await load(backend.url);
      proxied.push(p.perSecond);
      direct.push(d.perSecond);
      errors += p.errors + d.errors;
    }
    report({
      name: "API /v1 proxy vs the same fake TF Serving directly (seed predict)",
      unit: "req/s",
      measured: median(proxied),
      baseline: median(direct),
      baselineName: "the fake TF Serving, no proxy",
      target: 0.6,
      notes: `${CONCURRENCY} connections, median of ${ROUNDS} alternating ${DURATION_MS} ms rounds, ${errors} errors; proxy, backend and load generator share one process`,
    });
    if (SOAK_MS > 0) {
      const rssBefore = process.memoryUsage().rss;
      const soak = await load(api.url, SOAK_CONNECTIONS, SOAK_MS);
      const rssAfter = process.memoryUsage().rss;
      console.log(`\n## ${SOAK_CONNECTIONS} connections for ${SOAK_MS / 1000} s through the proxy`);
      console.log(
        `  requests:  ${soak.requests} (${soak.perSecond.toFixed(0)} req/s), errors: ${soak.errors}`,
      );
      console.log(`  latency:   p50 ${soak.p50Ms.toFixed(1)} ms, p99 ${soak.p99Ms.toFixed(1)} ms`);
      console.log(
        `  rss:       ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, ${(rssAfter / 2 ** 20).toFixed(0)} MiB after`,
      );
    }
  } finally {
    await api.close();
    await backend.close();
  }
}
