import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildLinearRegModel,
  buildLogisticRegModel,
  closedFormLinear,
  closedFormLogistic,
  EMPTY_STRING_REPLACEMENT,
  type FeatureSpec,
  type Instance,
  inputWidth,
  seededRandom,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSavedModelServable } from "./load-servable.js";
import { rowsOf, rowTensors } from "./testing/row-tensors.js";

// Property: for generated BigQuery ML-shaped exports (the savedmodel builder), the engine agrees with
// the closed form within 1e-9 relative on random rows, including '', values missing from the
// vocabulary and doubles that float32 cannot represent. Seeded, so failures reproduce.
const LINEAR_MODELS = 120;
const LOGISTIC_MODELS = 90;
const ROWS_PER_MODEL = 12;

const NAMES = [
  "DOLocationID",
  "PULocationID",
  "fare_amount",
  "passenger_count",
  "payment_type",
  "Zeta",
  "a_b",
  "tolls",
  "x1",
  "x10",
  "x2",
];

function generator(seed: number) {
  const random = seededRandom(seed);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const word = (): string =>
    pick(["1", "2", "264", "abc", "Ünïcode", "with space", "tab\tin", "0", "-1"]) + String(int(50));
  const number = (): number =>
    pick([
      () => random() * 100 + 0.1, // not representable in float32
      () => (random() - 0.5) * 2e7,
      () => int(10),
      () => (random() - 0.5) * 1e-6,
      () => 16777217 + int(1000), // beyond float32's integers
    ])();

  const features = (): FeatureSpec[] => {
    const names = [...NAMES].sort(() => random() - 0.5).slice(0, 1 + int(4));
    return names.map((name): FeatureSpec => {
      if (random() < 0.5) return { name, kind: "numeric", dtype: random() < 0.7 ? "DT_DOUBLE" : "DT_FLOAT" };
      const vocabulary = [...new Set(Array.from({ length: 1 + int(12) }, word))];
      if (random() < 0.2) vocabulary.splice(int(vocabulary.length), 0, EMPTY_STRING_REPLACEMENT);
      if (random() < 0.3) vocabulary.splice(int(vocabulary.length), 0, "_null_filler");
      return { name, kind: "string", vocabulary: [...new Set(vocabulary)] };
    });
  };
  // Large weights that cancel, as in real exports.
  const weights = (n: number): number[] =>
    Array.from({ length: n }, () => (random() - 0.5) * pick([2, 2e4, 2e6]));
  const instance = (fs: FeatureSpec[]): Instance =>
    Object.fromEntries(
      fs.map((f) => {
        if (f.kind === "numeric") return [f.name, number()];
        const r = random();
        return [f.name, r < 0.15 ? "" : r < 0.3 ? `missing-${int(99)}` : pick(f.vocabulary)];
      }),
    );
  return { features, weights, instance, int, random };
}

const close = (actual: number, expected: number): boolean =>
  Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

describe("engine vs closed form on generated linear and logistic exports", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-engine-property-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it(`${LINEAR_MODELS} linear_reg models x ${ROWS_PER_MODEL} rows`, { timeout: 60_000 }, async () => {
    const g = generator(20260521);
    let compared = 0;
    for (let m = 0; m < LINEAR_MODELS; m++) {
      const features = g.features();
      const spec = {
        features,
        weights: g.weights(inputWidth(features)),
        intercept: (g.random() - 0.5) * 1e5,
      };
      const modelDir = join(dir, `linear-${m}`);
      await buildLinearRegModel(modelDir, spec);
      const servable = await loadSavedModelServable(modelDir);
      const signature = servable.signatures.serving_default!;
      const instances = Array.from({ length: ROWS_PER_MODEL }, () => g.instance(features));
      const out = await servable.run("serving_default", rowTensors(signature, instances), [
        "predicted_label",
      ]);
      expect(out.predicted_label!.shape).toEqual([ROWS_PER_MODEL, 1]);
      rowsOf(out.predicted_label!).forEach((row, i) => {
        const expected = closedFormLinear(spec, instances[i]!);
        const actual = (row as number[])[0]!;
        if (!close(actual, expected)) {
          throw new Error(`model ${m} row ${i}: ${actual} vs ${expected} (${JSON.stringify(instances[i])})`);
        }
        compared++;
      });
    }
    expect(compared).toBe(LINEAR_MODELS * ROWS_PER_MODEL);
  });

  it(`${LOGISTIC_MODELS} logistic_reg models x ${ROWS_PER_MODEL} rows`, { timeout: 60_000 }, async () => {
    const g = generator(4242);
    let compared = 0;
    for (let m = 0; m < LOGISTIC_MODELS; m++) {
      const features = g.features();
      const classes = Array.from({ length: 2 + g.int(3) }, (_, k) => `class_${k}`);
      const width = inputWidth(features);
      const spec = {
        features,
        classes,
        weights: classes.map(() => g.weights(width).map((w) => w / 1e4)),
        intercepts: classes.map(() => (g.random() - 0.5) * 10),
      };
      const modelDir = join(dir, `logistic-${m}`);
      await buildLogisticRegModel(modelDir, spec);
      const servable = await loadSavedModelServable(modelDir);
      const signature = servable.signatures.serving_default!;
      const instances = Array.from({ length: ROWS_PER_MODEL }, () => g.instance(features));
      const keys = ["predicted_label", "label_probs", "label_values"];
      const out = await servable.run("serving_default", rowTensors(signature, instances), keys);
      const predicted = rowsOf(out.predicted_label!);
      const probs = rowsOf(out.label_probs!);
      const labels = rowsOf(out.label_values!);
      instances.forEach((instance, i) => {
        const expected = closedFormLogistic(spec, instance);
        const p = probs[i] as number[];
        const ok = p.length === classes.length && p.every((x, k) => close(x, expected.probs[k]!));
        if (!ok) throw new Error(`model ${m} row ${i}: probs ${p} vs ${expected.probs}`);
        // Ties in probability may resolve either way only if the closed form sees a tie too.
        expect(predicted[i]).toEqual([expected.predicted]);
        expect(labels[i]).toEqual(expected.labels);
        compared++;
      });
    }
    expect(compared).toBe(LOGISTIC_MODELS * ROWS_PER_MODEL);
  });
});
