import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDnnClassifierModel,
  buildLinearRegModel,
  buildLogisticRegModel,
  closedFormDnn,
  closedFormLinear,
  closedFormLogistic,
  type FeatureSpec,
  inputWidth,
  seededRandom,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../protocol/tensor.js";
import { loadSavedModelServable } from "../load-servable.js";
import { rowsOf, rowTensors } from "../testing/row-tensors.js";

// Signature runs reuse their intermediate storage (tensor/arena.ts). Results handed out by one run
// must survive every later run: batches large enough to use the arena, run back to back with
// different rows, every retained result checked against the closed form at the end.
const ROWS = 700;
const RUNS = 4;

const FEATURES: FeatureSpec[] = [
  { name: "city", kind: "string", vocabulary: ["a", "b", "c", "d"] },
  { name: "fare", kind: "numeric", dtype: "DT_DOUBLE" },
  { name: "kind", kind: "string", vocabulary: ["x", "y"] },
  { name: "miles", kind: "numeric", dtype: "DT_FLOAT" },
];

function rows(next: () => number): Record<string, string | number>[] {
  return Array.from({ length: ROWS }, () => ({
    city: ["a", "b", "c", "d", "", "zz"][Math.floor(next() * 6)]!,
    fare: next() * 100,
    kind: ["x", "y", "other"][Math.floor(next() * 3)]!,
    miles: (next() - 0.3) * 40,
  }));
}

const close = (a: number, e: number, tolerance: number): boolean =>
  Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-recycled-"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("results of recycled signature runs stay the caller's", () => {
  it(`linear_reg: ${RUNS} runs of ${ROWS} rows, every earlier result intact`, async () => {
    const next = seededRandom(11);
    const spec = {
      features: FEATURES,
      weights: Array.from({ length: inputWidth(FEATURES) }, () => next() * 4 - 2),
      intercept: 0.25,
    };
    const dir = join(root, "linear");
    await buildLinearRegModel(dir, spec);
    const servable = await loadSavedModelServable(dir);
    const signature = servable.signatures.serving_default!;
    const kept: { batch: Record<string, string | number>[]; out: Tensor }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const batch = rows(next);
      const out = await servable.run("serving_default", rowTensors(signature, batch), ["predicted_label"]);
      kept.push({ batch, out: out.predicted_label! });
    }
    for (const { batch, out } of kept) {
      expect(out.shape).toEqual([ROWS, 1]);
      rowsOf(out).forEach((row, i) => {
        const expected = closedFormLinear(spec, batch[i]!);
        if (!close((row as number[])[0]!, expected, 1e-9)) throw new Error(`row ${i}: ${row} vs ${expected}`);
      });
    }
  });

  it(`logistic_reg: ${RUNS} runs of ${ROWS} rows, every earlier result intact`, async () => {
    const next = seededRandom(12);
    const classes = ["no", "yes", "maybe"];
    const width = inputWidth(FEATURES);
    const spec = {
      features: FEATURES,
      classes,
      weights: classes.map(() => Array.from({ length: width }, () => next() * 0.2 - 0.1)),
      intercepts: classes.map(() => next() - 0.5),
    };
    const dir = join(root, "logistic");
    await buildLogisticRegModel(dir, spec);
    const servable = await loadSavedModelServable(dir);
    const signature = servable.signatures.serving_default!;
    const keys = ["predicted_label", "label_probs", "label_values"];
    const kept: { batch: Record<string, string | number>[]; out: Record<string, Tensor> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const batch = rows(next);
      kept.push({ batch, out: await servable.run("serving_default", rowTensors(signature, batch), keys) });
    }
    for (const { batch, out } of kept) {
      const probs = rowsOf(out.label_probs!);
      const predicted = rowsOf(out.predicted_label!);
      batch.forEach((row, i) => {
        const expected = closedFormLogistic(spec, row);
        const p = probs[i] as number[];
        if (!p.every((x, k) => close(x, expected.probs[k]!, 1e-9))) throw new Error(`row ${i}: ${p}`);
        expect(predicted[i]).toEqual([expected.predicted]);
      });
    }
  });

  it(`dnn_classifier: ${RUNS} runs of ${ROWS} rows, every earlier result intact`, async () => {
    const next = seededRandom(13);
    const features: FeatureSpec[] = [
      { name: "city", kind: "string", vocabulary: ["_null_filler", "a", "b", "c"] },
      { name: "fare", kind: "numeric", dtype: "DT_DOUBLE" },
    ];
    const layer = (inputs: number, units: number) => ({
      weights: Array.from({ length: inputs * units }, () => next() * 2 - 1),
      biases: Array.from({ length: units }, () => next() - 0.5),
    });
    const width = inputWidth(features);
    const spec = {
      features,
      hidden: [layer(width, 5), layer(5, 3)],
      logits: layer(3, 3),
      classes: ["p", "q", "r"],
    };
    const dir = join(root, "dnn");
    await buildDnnClassifierModel(dir, spec);
    const servable = await loadSavedModelServable(dir);
    const signature = servable.signatures.predict!;
    const keys = Object.keys(signature.outputs);
    const kept: { batch: Record<string, string | number>[]; out: Record<string, Tensor> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const batch = Array.from({ length: ROWS }, () => ({
        city: ["a", "b", "c", "unknown"][Math.floor(next() * 4)]!,
        fare: (next() - 0.5) * 20,
      }));
      kept.push({ batch, out: await servable.run("predict", rowTensors(signature, batch), keys) });
    }
    for (const { batch, out } of kept) {
      const probabilities = rowsOf(out.probabilities!);
      batch.forEach((row, i) => {
        const expected = closedFormDnn(spec, row);
        const p = probabilities[i] as number[];
        if (!expected.probabilities.every((e, k) => close(p[k]!, e, 1e-6))) throw new Error(`row ${i}: ${p}`);
        expect(rowsOf(out.class_ids!)[i]).toEqual([expected.classIds]);
      });
    }
  });
});
