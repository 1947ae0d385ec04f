// Client vs bare server: TfServingClient.predict against the fake TF Serving vs against a bare node:http
// server returning the same body; and core's TF Serving handler vs that bare server under one load generator.
import { startTfServingServer, TfServingClient } from "@bqdeploy/core";
import { ScriptedSource, startFakeTfServing, tipModelFake, SEED_REQUEST } from "@bqdeploy/test-fixtures";
import { startBareServer } from "./lib/bare-server.js";
import { runLoad } from "./lib/load.js";
import { report } from "./lib/measure.js";

const BODY = JSON.stringify(SEED_REQUEST);
const PATH = "/v1/models/tip_model:predict";
const CONCURRENCY = 32;
const DURATION_MS = 1_500;
const WARMUP_MS = 300;
// Measured and baseline alternate for ROUNDS rounds and their medians are compared, so that load from
// other processes on a shared machine weighs on both sides alike.
const ROUNDS = 3;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function alternate(
  measure: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<[number, number]> {
  const m: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    m.push(await measure());
    b.push(await baseline());
  }
  return [median(m), median(b)];
}

/** Closed-loop load through TfServingClient.predict: CONCURRENCY calls in flight for DURATION_MS. */
async function clientRate(url: string): Promise<number> {
  const client = new TfServingClient({ url, connections: CONCURRENCY, retries: 0 });
  const phase = async (ms: number): Promise<number> => {
    const end = performance.now() + ms;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        await client.predict("tip_model", SEED_REQUEST.instances);
        done++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return (done * 1000) / (performance.now() - start);
  };
  try {
    await phase(WARMUP_MS);
    return await phase(DURATION_MS);
  } finally {
    await client.close();
  }
}

/** Requests per second of the shared undici load generator against one origin. */
const loadRate = (origin: string) => async (): Promise<number> =>
  (
    await runLoad({
      origin,
      path: PATH,
      body: BODY,
      connections: CONCURRENCY,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS,
    })
  ).perSecond;

export async function run(): Promise<void> {
  const fake = await startFakeTfServing({ models: tipModelFake() });
  const source = new ScriptedSource(tipModelFake());
  const handler = await startTfServingServer({ source });
  // The bare server answers what the fake answers, so the client parses the same bytes from both.
  const constant = await (await fetch(`${fake.url}${PATH}`, { method: "POST", body: BODY })).text();
  const bare = await startBareServer(constant);
  const rounds = `median of ${ROUNDS} alternating ${DURATION_MS} ms rounds`;
  try {
    const [viaFake, viaBare] = await alternate(
      () => clientRate(fake.url),
      () => clientRate(bare.origin),
    );
    report({
      name: "TfServingClient.predict: fake TF Serving vs bare node:http (same body)",
      unit: "req/s",
      measured: viaFake,
      baseline: viaBare,
      baselineName: "same client and load, bare node:http server",
      notes: `${CONCURRENCY} calls in flight, seed request, ${rounds}`,
    });
    const [served, baseline] = await alternate(loadRate(handler.url), loadRate(bare.origin));
    report({
      name: "TF Serving handler (scripted tip_model) vs bare node:http",
      unit: "req/s",
      measured: served,
      baseline,
      baselineName: "bare node:http, constant body",
      target: 0.7,
      notes: `bench/src/lib/load.ts, ${CONCURRENCY} connections, ${rounds}`,
    });
  } finally {
    await Promise.all([fake.close(), handler.close(), bare.close()]);
    source.close();
  }
}
