// Embedded server vs bare server: predict requests per second of startEmbeddedServer serving tip_model
// (one instance per request) against a bare node:http server returning a constant body, under the same
// load generator, alternating rounds. Also: the embedded server's time to serve and its resident memory.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedServer } from "@bqdeploy/core";
import { SEED_REQUEST } from "@bqdeploy/test-fixtures";
import { startBareServer } from "./lib/bare-server.js";
import { runLoad } from "./lib/load.js";
import { report } from "./lib/measure.js";
import { tipModelRepository } from "./lib/tip-model-repository.js";

const BODY = JSON.stringify(SEED_REQUEST);
const PATH = "/v1/models/tip_model:predict";
const CONNECTIONS = 32;
const DURATION_MS = 1_500;
// V8 optimises the engine's ~50 kernels over the first seconds of load: measure the steady state.
const WARMUP_MS = 2_000;
const ROUNDS = Number(process.env.EMBEDDED_BENCH_ROUNDS ?? 5);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const MiB = (n: number): string => `${(n / 1048576).toFixed(1)} MiB`;

const rate = (origin: string) => async (): Promise<number> => {
  const result = await runLoad({
    origin,
    path: PATH,
    body: BODY,
    connections: CONNECTIONS,
    durationMs: DURATION_MS,
    warmupMs: WARMUP_MS,
  });
  if (result.errors > 0) throw new Error(`${result.errors} failed requests against ${origin}`);
  return result.perSecond;
};

export async function run(): Promise<void> {
  const repo = await mkdtemp(join(tmpdir(), "bqdeploy-bench-embedded-"));
  try {
    const model = await tipModelRepository(repo);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const server = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0 });
    const loadMs = performance.now() - started;
    global.gc?.();
    const rssAfter = process.memoryUsage().rss;
    const answer = await fetch(`${server.url}${PATH}`, { method: "POST", body: BODY });
    const body = await answer.text();
    if (answer.status !== 200) throw new Error(`embedded server answered ${answer.status}: ${body}`);
    const bare = await startBareServer(body);
    try {
      const served: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        served.push(await rate(server.url)());
        baseline.push(await rate(bare.origin)());
      }
      const each = served.map((s, i) => (s / baseline[i]!).toFixed(2)).join(", ");
      report({
        name: "Embedded server predict (tip_model, one instance) vs bare node:http",
        unit: "req/s",
        measured: median(served),
        baseline: median(baseline),
        baselineName: "bare node:http, the same answer as a constant body",
        target: 0.7,
        notes: `${model}; bench/src/lib/load.ts, ${CONNECTIONS} connections, median of ${ROUNDS} alternating ${DURATION_MS} ms rounds (per-round ratios ${each}); answer ${body}`,
      });
      console.log(
        `\n## Embedded server start (loads tip_model/1)\n  time to serve: ${loadMs.toFixed(1)} ms\n  RSS: ${MiB(rssBefore)} before, ${MiB(rssAfter)} after (+${MiB(rssAfter - rssBefore)})`,
      );
    } finally {
      await Promise.all([server.close(), bare.close()]);
    }
  } finally {
    await rm(repo, { recursive: true, force: true });
  }
}
