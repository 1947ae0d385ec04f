// Embedded server vs bare server: predict requests per second of startEmbeddedServer serving tip_model
// (one instance per request) against a bare node:http server returning a constant body, under the same
// load generator, alternating rounds. Also: the embedded server's time to serve and its resident memory.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedServer } from "@bqdeploy/core";
import { SEED_INSTANCE, SEED_REQUEST, seededRandom } from "@bqdeploy/test-fixtures";
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

/**
 * 2,000 different one-instance requests in the seed's form: location ids over the whole taxi zone
 * range (1-265) and payment types 1-6, numbers at random. They keep the string-feature memo honest:
 * the seed request alone would hit the same entries every time.
 */
function variedBodies(): string[] {
  const next = seededRandom(42);
  const pick = (n: number): string => String(1 + Math.floor(next() * n));
  return Array.from({ length: 2_000 }, () =>
    JSON.stringify({
      instances: [
        {
          ...SEED_INSTANCE,
          passenger_count: 1 + Math.floor(next() * 5),
          trip_distance: Math.round(next() * 3000) / 100,
          PULocationID: pick(265),
          DOLocationID: pick(265),
          payment_type: pick(6),
          fare_amount: Math.round(next() * 8000) / 100,
          tolls_amount: next() < 0.9 ? 0 : Math.round(next() * 2000) / 100,
        },
      ],
    }),
  );
}
const VARIED = variedBodies();

const rate = (origin: string, bodies?: readonly string[]) => async (): Promise<number> => {
  const result = await runLoad({
    origin,
    path: PATH,
    body: BODY,
    bodies,
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
      const varied: number[] = [];
      const baseline: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        served.push(await rate(server.url)());
        baseline.push(await rate(bare.origin)());
        varied.push(await rate(server.url, VARIED)());
      }
      const each = served.map((s, i) => (s / baseline[i]!).toFixed(2)).join(", ");
      const eachVaried = varied.map((s, i) => (s / baseline[i]!).toFixed(2)).join(", ");
      report({
        name: "Embedded server predict (tip_model, one instance) vs bare node:http",
        unit: "req/s",
        measured: median(served),
        baseline: median(baseline),
        baselineName: "bare node:http, the same answer as a constant body",
        target: 0.7,
        notes: `${model}; bench/src/lib/load.ts, ${CONNECTIONS} connections, median of ${ROUNDS} alternating ${DURATION_MS} ms rounds (per-round ratios ${each}); answer ${body}`,
      });
      report({
        name: "Embedded server predict, 2,000 different instances in turn, vs bare node:http",
        unit: "req/s",
        measured: median(varied),
        baseline: median(baseline),
        baselineName: "bare node:http, the same answer as a constant body (same rounds as above)",
        target: 0.7,
        notes: `location ids 1-265, payment types 1-6, random numbers (bench/src/embedded-server.bench.ts variedBodies); per-round ratios ${eachVaried}`,
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
