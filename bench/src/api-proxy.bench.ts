// The API's /v1 proxy vs the same backend directly: prediction requests per second from one load
// generator (bench/src/lib/load.ts), alternating rounds, in four set-ups (which process runs what, and
// which backend); then 200 connections for 60 s through the proxy in the apart set-up.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type RunningApiServer, startApiServer } from "@bqdeploy/api";
import {
  type Deployment,
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  type Runtime,
} from "@bqdeploy/core";
import { startFakeTfServing, tipModelFake, SEED_REQUEST } from "@bqdeploy/test-fixtures";
import { tipModelRepository } from "./lib/tip-model-repository.js";
import { type LoadOptions, type LoadResult, runLoad } from "./lib/load.js";
import { startLoadProcess } from "./lib/load-process.js";
import { report } from "./lib/measure.js";
import { startMinimalProxy } from "./lib/minimal-proxy.js";
import { startTfServingProcess } from "./lib/tf-serving-process.js";

const BODY = JSON.stringify(SEED_REQUEST);
const PATH = "/v1/models/tip_model:predict";
const TOKEN = "bench-token";
const CONCURRENCY = 32;
const DURATION_MS = 2_000;
const WARMUP_MS = 300;
const ROUNDS = Number(process.env.BQDEPLOY_BENCH_ROUNDS ?? 7);
const SOAK_CONNECTIONS = 200;
const SOAK_MS = Number(process.env.BQDEPLOY_BENCH_SOAK_MS ?? 60_000);

/** Where the backend runs, and which it is. */
type BackendKind = "fake, own process" | "fake, this process" | "embedded server, this process";
type FakeKind = Exclude<BackendKind, "embedded server, this process">;

/**
 * Which process runs what. The proxy always runs in this process; a yardstick proxy too in the two
 * set-ups that stand for production (clients on other machines, so the load generator apart):
 * - apart: the fake TF Serving in its own process, as tensorflow/serving in Docker
 *   (`--runtime docker`) runs beside the API.
 * - embedded: `bqdeploy api`'s own wiring: the API over the embedded runtime, tip_model deployed with
 *   POST /deployments, so its replica is a server inside the API's process and the proxy hands it
 *   requests in-process; "direct" is that replica's own port.
 * - backend-apart: the fake in its own process; load generator and proxy share this one.
 * - one-process: load generator, proxy and the fake share this process (the first set-up).
 */
const SETUPS = {
  apart: { backend: "fake, own process", loadApart: true },
  embedded: { backend: "embedded server, this process", loadApart: true },
  "backend-apart": { backend: "fake, own process", loadApart: false },
  "one-process": { backend: "fake, this process", loadApart: false },
} as const satisfies Record<string, { backend: BackendKind; loadApart: boolean }>;
type Setup = keyof typeof SETUPS;
const SETUP_NAMES = Object.keys(SETUPS) as Setup[];
const chosen = (process.env.BQDEPLOY_BENCH_PROXY_SETUPS ?? SETUP_NAMES.join(","))
  .split(",")
  .map((s) => s.trim())
  .filter((s): s is Setup => (SETUP_NAMES as string[]).includes(s));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A runtime that only reports one already running deployment (the backend). */
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

interface Backend {
  url: string;
  /** CPU time of the backend's own process (µs), or undefined when it shares this one. */
  cpuMicros(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** The API in this process and the backend it proxies /v1 to. */
interface Proxied {
  api: RunningApiServer;
  backend: Backend;
}

/** The fake backend, and an API whose only runtime lists it as one running deployment. */
async function startFakeDeployment(kind: FakeKind): Promise<Proxied> {
  const backend = await startBackend(kind);
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
  return { api, backend };
}

/**
 * As `bqdeploy api` serves the embedded runtime: the API over a repository holding tip_model, which
 * POST /deployments starts on the EmbeddedRuntime (a replica inside this process). The backend is that
 * replica, reached directly on its own port.
 */
async function startEmbeddedDeployment(): Promise<Proxied> {
  const repo = await mkdtemp(join(tmpdir(), "bqdeploy-bench-api-proxy-"));
  const runtime = new EmbeddedRuntime();
  let api: RunningApiServer | undefined;
  const close = async (): Promise<void> => {
    await api?.close();
    await runtime.close();
    await rm(repo, { recursive: true, force: true });
  };
  try {
    const model = await tipModelRepository(repo);
    const app = createApp({
      repository: new ModelRepository(repo),
      jobs: new JobRegistry(),
      deployments: new DeploymentRegistry({ embedded: runtime }),
      token: TOKEN,
    });
    api = await startApiServer(app, { port: 0, hasToken: true });
    const res = await app.request("/deployments", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "tip_model" }),
    });
    if (res.status !== 201) throw new Error(`POST /deployments: ${res.status} ${await res.text()}`);
    const deployment = (await res.json()) as Deployment;
    console.log(`\n  (embedded runtime deployment through POST /deployments: ${model})`);
    const running = api;
    return {
      // The API's close also stops the deployment's replica, after the measured rounds.
      api: { ...running, close },
      backend: { url: deployment.endpoints[0]!, cpuMicros: async () => undefined, close: async () => {} },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

async function startBackend(kind: FakeKind): Promise<Backend> {
  if (kind === "fake, own process") return startTfServingProcess();
  const backend = await startFakeTfServing({ models: tipModelFake(), metrics: false });
  // As in the backend's own process: the fake's record of calls must not grow for the whole run.
  const trim = setInterval(() => {
    backend.calls.length = 0;
  }, 1_000);
  return {
    url: backend.url,
    cpuMicros: async () => undefined,
    close: async () => {
      clearInterval(trim);
      await backend.close();
    },
  };
}

type Load = (options: LoadOptions) => Promise<LoadResult & { cpuMicros?: number }>;

async function startLoad(apart: boolean): Promise<{ run: Load; close(): Promise<void> }> {
  if (apart) return startLoadProcess();
  return { run: runLoad, close: async () => {} };
}

/** One measured round against `origin`, with CPU time per request of each process. */
interface Round {
  perSecond: number;
  errors: number;
  /** µs of CPU per request (warm-up included) of this process, the backend's and the load generator's. */
  cpu: { self: number; backend?: number; load?: number };
}

async function round(load: Load, backend: Backend, origin: string, headers: Record<string, string>) {
  const backendBefore = await backend.cpuMicros();
  const before = process.cpuUsage();
  const r = await load({
    origin,
    path: PATH,
    body: BODY,
    headers,
    connections: CONCURRENCY,
    durationMs: DURATION_MS,
    warmupMs: WARMUP_MS,
  });
  const self = process.cpuUsage(before);
  const backendAfter = await backend.cpuMicros();
  const n = r.requests + r.warmupRequests;
  const cpu: Round["cpu"] = { self: (self.user + self.system) / n };
  if (backendBefore !== undefined && backendAfter !== undefined)
    cpu.backend = (backendAfter - backendBefore) / n;
  if (r.cpuMicros !== undefined) cpu.load = r.cpuMicros / n;
  return { perSecond: r.perSecond, errors: r.errors, cpu } satisfies Round;
}

const describeSetup = (setup: Setup): string =>
  `${setup}: backend ${SETUPS[setup].backend}; load generator ${SETUPS[setup].loadApart ? "own process" : "this process"}`;

async function measure(setup: Setup): Promise<void> {
  const kind = SETUPS[setup].backend;
  const { api, backend } =
    kind === "embedded server, this process"
      ? await startEmbeddedDeployment()
      : await startFakeDeployment(kind);
  const load = await startLoad(SETUPS[setup].loadApart);
  // Where the load generator is apart, a yardstick too: the least a node:http -> undici proxy costs.
  const minimal = SETUPS[setup].loadApart ? await startMinimalProxy(backend.url) : undefined;
  const headers = { authorization: `Bearer ${TOKEN}` };
  try {
    const targets: { url: string; rounds: Round[] }[] = [
      { url: api.url, rounds: [] },
      { url: backend.url, rounds: [] },
    ];
    if (minimal) targets.push({ url: minimal.url, rounds: [] });
    // Fresh processes: one untimed round of each first, so that no measured round pays for the JIT.
    for (const t of targets) await round(load.run, backend, t.url, headers);
    for (let i = 0; i < ROUNDS; i++) {
      // Rotate which goes first, so that none always follows the same other one.
      for (let j = 0; j < targets.length; j++) {
        const t = targets[(i + j) % targets.length]!;
        t.rounds.push(await round(load.run, backend, t.url, headers));
      }
    }
    const [proxied, direct] = [targets[0]!.rounds, targets[1]!.rounds];
    const errors = targets.flatMap((t) => t.rounds).reduce((sum, r) => sum + r.errors, 0);
    const ratios = proxied.map((p, i) => p.perSecond / direct[i]!.perSecond);
    report({
      name: `API /v1 proxy vs the same backend directly (seed predict), ${describeSetup(setup)}`,
      unit: "req/s",
      measured: median(proxied.map((r) => r.perSecond)),
      baseline: median(direct.map((r) => r.perSecond)),
      baselineName: "the backend, no proxy",
      target: 0.6,
      notes: `${CONCURRENCY} connections, median of ${ROUNDS} alternating ${DURATION_MS} ms rounds, ${errors} errors; per-round ratios ${ratios.map((r) => r.toFixed(2)).join(" ")} (median ${median(ratios).toFixed(3)})`,
    });
    const cpu = (rounds: Round[]): string => {
      const parts = [`this process ${median(rounds.map((r) => r.cpu.self)).toFixed(0)}`];
      if (rounds[0]!.cpu.backend !== undefined)
        parts.push(`backend ${median(rounds.map((r) => r.cpu.backend!)).toFixed(0)}`);
      if (rounds[0]!.cpu.load !== undefined)
        parts.push(`load generator ${median(rounds.map((r) => r.cpu.load!)).toFixed(0)}`);
      return parts.join(", ");
    };
    console.log(`  CPU µs per request (medians): proxied: ${cpu(proxied)}; direct: ${cpu(direct)}`);
    if (minimal) {
      const rounds = targets[2]!.rounds;
      const perSecond = median(rounds.map((r) => r.perSecond));
      const ratio = median(rounds.map((r, i) => r.perSecond / direct[i]!.perSecond));
      console.log(
        `  yardstick: minimal node:http -> undici proxy (bench/src/lib/minimal-proxy.ts): ${perSecond.toFixed(0)} req/s, per-round ratio median ${ratio.toFixed(3)}; CPU µs per request: ${cpu(rounds)}`,
      );
    }
    if (setup === "apart" && SOAK_MS > 0) await soak(load.run, api.url, headers);
  } finally {
    await api.close();
    await minimal?.close();
    await load.close();
    await backend.close();
  }
}

/** 200 connections through the proxy; this process is the proxy alone, so its RSS is the proxy's. */
async function soak(load: Load, origin: string, headers: Record<string, string>): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sample = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 1_000);
  const r = await load({
    origin,
    path: PATH,
    body: BODY,
    headers,
    connections: SOAK_CONNECTIONS,
    durationMs: SOAK_MS,
    warmupMs: WARMUP_MS,
  });
  clearInterval(sample);
  const rssAfter = process.memoryUsage().rss;
  const mib = (n: number): string => (n / 2 ** 20).toFixed(0);
  console.log(`\n## ${SOAK_CONNECTIONS} connections for ${SOAK_MS / 1000} s through the proxy (apart)`);
  console.log(`  requests:  ${r.requests} (${r.perSecond.toFixed(0)} req/s), errors: ${r.errors}`);
  console.log(`  latency:   p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms`);
  console.log(
    `  rss:       ${mib(rssBefore)} MiB before, ${mib(rssPeak)} MiB peak, ${mib(rssAfter)} MiB after (the proxy's process)`,
  );
}

export async function run(): Promise<void> {
  if (chosen.length === 0)
    throw new Error(`BQDEPLOY_BENCH_PROXY_SETUPS: choose from ${SETUP_NAMES.join(", ")}`);
  for (const setup of chosen) await measure(setup);
}
