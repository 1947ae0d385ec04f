// Engine benchmarks: (b) batch rows per second of tip_model in one columnar call against a hand-written
// closed-form loop over the same weights; (c) load time and resident memory of loading tip_model.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadSavedModelServable, readSavedModel, type Tensor } from "@bqdeploy/core";
import { sharedModel, sharedModelsDir } from "@bqdeploy/test-fixtures";
import { medianSeconds, report } from "./lib/measure.js";

const ROWS = 100_000;
const BATCH_ROUNDS = 9;
const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const STRING_INPUTS = ["DOLocationID", "PULocationID", "payment_type"] as const;
const NUMBER_INPUTS = ["fare_amount", "passenger_count", "tolls_amount", "trip_distance"] as const;

function vocabulary(dir: string, input: string): string[] {
  const lines = readFileSync(join(dir, "assets", `${input}.txt`), "utf8").split("\n");
  return lines[lines.length - 1] === "" ? lines.slice(0, -1) : lines;
}

/** Deterministic pseudo-random rows: vocabulary values, some "" and unknown ids, doubles not exact in float32. */
function columns(dir: string): Record<string, Tensor> {
  let seed = 12345;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const out: Record<string, Tensor> = {};
  for (const input of STRING_INPUTS) {
    const vocab = vocabulary(dir, input);
    const data = Array.from({ length: ROWS }, () => {
      const r = random();
      return r < 0.02 ? "" : r < 0.04 ? "99999" : vocab[Math.floor(random() * vocab.length)]!;
    });
    out[input] = { dtype: "DT_STRING", shape: [ROWS], data };
  }
  for (const input of NUMBER_INPUTS) {
    out[input] = {
      dtype: "DT_DOUBLE",
      shape: [ROWS],
      data: Float64Array.from({ length: ROWS }, () => random() * 60),
    };
  }
  return out;
}

/** The closed form of a BigQuery ML linear model, written by hand (the baseline). */
function closedForm(dir: string, weights: Float64Array, intercept: number) {
  const blocks: (
    | { kind: "onehot"; input: string; index: Map<string, number> }
    | { kind: "number"; input: string }
  )[] = [];
  for (const input of [
    "DOLocationID",
    "PULocationID",
    "fare_amount",
    "passenger_count",
    "payment_type",
    "tolls_amount",
    "trip_distance",
  ]) {
    if ((STRING_INPUTS as readonly string[]).includes(input)) {
      blocks.push({ kind: "onehot", input, index: new Map(vocabulary(dir, input).map((v, i) => [v, i])) });
    } else blocks.push({ kind: "number", input });
  }
  return (inputs: Record<string, Tensor>): Float64Array => {
    // Columns hoisted out of the row loop, as a careful hand-written loop would.
    const numbers = blocks.map((b) =>
      b.kind === "number" ? (inputs[b.input]!.data as Float64Array) : undefined,
    );
    const texts = blocks.map((b) => (b.kind === "onehot" ? (inputs[b.input]!.data as string[]) : undefined));
    const out = new Float64Array(ROWS);
    for (let r = 0; r < ROWS; r++) {
      let sum = 0;
      let offset = 0;
      for (let k = 0; k < blocks.length; k++) {
        const block = blocks[k]!;
        if (block.kind === "number") {
          sum += Math.fround(numbers[k]![r]!) * weights[offset]!;
          offset += 1;
        } else {
          const raw = texts[k]![r]!;
          const at = block.index.get(raw === "" ? "__empty_string_replacement__" : raw);
          if (at !== undefined) sum += weights[offset + at]!;
          offset += block.index.size;
        }
      }
      out[r] = sum + intercept;
    }
    return out;
  };
}

export async function run(): Promise<void> {
  if (!sharedModelsDir()) {
    console.log("SKIPPED engine bench: ../shared/models not found (set BQDEPLOY_SHARED_MODELS)");
    return;
  }
  const dir = sharedModel("tip_model/tf2.21");
  const bundle = await readSavedModel(dir);
  const weights = bundle.variables.get("weights")!.data as Float64Array;
  const intercept = (bundle.variables.get("intercept")!.data as Float64Array)[0]!;
  const servable = await loadSavedModelServable(dir);
  const inputs = columns(dir);
  const baseline = closedForm(dir, weights, intercept);

  const engineOut = (await servable.run("serving_default", inputs, ["predicted_tip_amount"]))
    .predicted_tip_amount!;
  const handOut = baseline(inputs);
  let worst = 0;
  for (let r = 0; r < ROWS; r++) {
    const e = (engineOut.data as Float64Array)[r]!;
    worst = Math.max(worst, Math.abs(e - handOut[r]!) / Math.max(1, Math.abs(handOut[r]!)));
  }
  if (process.env.ENGINE_BENCH_TRACE) {
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await servable.run("serving_default", inputs, ["predicted_tip_amount"]);
      const e = performance.now() - t;
      const h0 = performance.now();
      baseline(inputs);
      console.log(`engine ${e.toFixed(1)} ms, closed form ${(performance.now() - h0).toFixed(1)} ms`);
    }
  }
  // Engine and closed form alternate call by call, so load from other processes weighs on both alike.
  const engineTimes: number[] = [];
  const handTimes: number[] = [];
  for (let i = 0; i < BATCH_ROUNDS; i++) {
    engineTimes.push(
      await medianSeconds(() => servable.run("serving_default", inputs, ["predicted_tip_amount"]), 1),
    );
    handTimes.push(await medianSeconds(() => baseline(inputs), 1));
  }
  const engineSeconds = medianOf(engineTimes);
  const handSeconds = medianOf(handTimes);
  report({
    name: `engine batch predict: tip_model, ${ROWS} rows in one columnar call`,
    unit: "rows/s",
    measured: ROWS / engineSeconds,
    baseline: ROWS / handSeconds,
    baselineName: "hand-written closed-form loop over the same weights",
    target: 0.5,
    notes: `median of ${BATCH_ROUNDS} alternating calls each; max relative difference engine vs closed form ${worst.toExponential(2)}`,
  });

  // Memory: the process's resident set with one model loaded, and what each further copy retains
  // (heap + array buffers, 10 copies kept alive; without --expose-gc, so expect some noise).
  const rssWithOne = process.memoryUsage().rss;
  const before = process.memoryUsage();
  const loaded = [];
  for (let i = 0; i < 10; i++) loaded.push(await loadSavedModelServable(dir));
  const after = process.memoryUsage();
  const perCopy =
    (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / loaded.length;
  const loadSeconds = await medianSeconds(() => loadSavedModelServable(dir), 9);
  const readSeconds = await medianSeconds(() => readSavedModel(dir), 9);
  report({
    name: "engine load: tip_model/tf2.21 (read + plan + init tables)",
    unit: "loads/s",
    measured: 1 / loadSeconds,
    baseline: 1 / readSeconds,
    baselineName: "readSavedModel alone (decode + verify, no engine)",
    notes: `load median ${(loadSeconds * 1000).toFixed(1)} ms; process RSS ${(rssWithOne / 2 ** 20).toFixed(0)} MiB with the model loaded (and 100k-row inputs); each further loaded copy retains ~${(perCopy / 2 ** 20).toFixed(2)} MiB (heap + buffers)`,
  });
}
