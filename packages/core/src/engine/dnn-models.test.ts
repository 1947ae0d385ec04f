import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDnnClassifierModel,
  closedFormDnn,
  type DnnClassifierSpec,
  type FeatureSpec,
  inputWidth,
  seededRandom,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSavedModel } from "../savedmodel/index.js";
import { loadSavedModelServable } from "./load-servable.js";
import { rowsOf, rowTensors } from "./testing/row-tensors.js";

function randomSpec(next: () => number): DnnClassifierSpec {
  const features: FeatureSpec[] = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) =>
    next() < 0.5
      ? { name: `n${i}`, kind: "numeric", dtype: "DT_DOUBLE" }
      : {
          name: `s${i}`,
          kind: "string",
          vocabulary: [
            "_null_filler",
            ...Array.from({ length: 1 + Math.floor(next() * 5) }, (_, k) => `v${k}`),
          ],
        },
  );
  const layer = (inputs: number, units: number) => ({
    weights: Array.from({ length: inputs * units }, () => next() * 2 - 1),
    biases: Array.from({ length: units }, () => next() - 0.5),
  });
  const classes = Array.from({ length: 2 + Math.floor(next() * 4) }, (_, k) => `class_${k}`);
  let width = inputWidth(features);
  const hidden = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
    const units = 1 + Math.floor(next() * 8);
    const l = layer(width, units);
    width = units;
    return l;
  });
  return { features, hidden, logits: layer(width, classes.length === 2 ? 1 : classes.length), classes };
}

function randomRow(spec: DnnClassifierSpec, next: () => number): Record<string, string | number> {
  const row: Record<string, string | number> = {};
  for (const f of spec.features) {
    if (f.kind === "numeric") row[f.name] = (next() - 0.5) * 20;
    else
      row[f.name] =
        next() < 0.15 ? "unknown" : (f.vocabulary[Math.floor(next() * f.vocabulary.length)] as string);
  }
  return row;
}

const within = (a: number, e: number) => Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-dnn-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generated dnn_classifier exports (TF1 Estimator topology)", () => {
  it("stores partitioned variables under their checkpoint keys in two shards, restored into .../part_0", async () => {
    const spec = randomSpec(seededRandom(7));
    const dir = join(root, "layout");
    await buildDnnClassifierModel(dir, spec);
    const bundle = await readSavedModel(dir);
    expect(bundle.variableEntries?.get("global_step")?.shardId).toBe(0);
    expect(bundle.variableEntries?.get("dnn/hiddenlayer_0/kernel")?.shardId).toBe(1);
    const part = bundle.graphVariables?.get("dnn/hiddenlayer_0/kernel/part_0");
    expect(part?.shape).toEqual(bundle.variables.get("dnn/hiddenlayer_0/kernel")?.shape);
    expect(Object.keys(bundle.metaGraph.signatures).sort()).toEqual(["predict", "serving_default"]);
  });

  it("40 random DNNs x 6 rows agree with the closed-form forward pass within 1e-6", async () => {
    const next = seededRandom(2026);
    let compared = 0;
    for (let m = 0; m < 40; m++) {
      const spec = randomSpec(next);
      const dir = join(root, `model-${m}`);
      await buildDnnClassifierModel(dir, spec);
      const servable = await loadSavedModelServable(dir);
      const signature = servable.signatures.predict!;
      const rows = Array.from({ length: 6 }, () => randomRow(spec, next));
      const keys = Object.keys(signature.outputs);
      const out = await servable.run("predict", rowTensors(signature, rows), keys);
      rows.forEach((row, r) => {
        const expected = closedFormDnn(spec, row);
        const logits = rowsOf(out.logits!)[r] as number[];
        const probabilities = rowsOf(out.probabilities!)[r] as number[];
        for (const [k, e] of expected.logits.entries()) {
          expect(within(logits[k]!, e), `model ${m} row ${r} logit ${k}`).toBe(true);
        }
        for (const [k, e] of expected.probabilities.entries()) {
          expect(within(probabilities[k]!, e), `model ${m} prob ${k}`).toBe(true);
        }
        if (expected.logistic)
          expect(within((rowsOf(out.logistic!)[r] as number[])[0]!, expected.logistic[0]!)).toBe(true);
        expect(rowsOf(out.class_ids!)[r]).toEqual([expected.classIds]);
        expect(rowsOf(out.classes!)[r]).toEqual([expected.classes]);
        expect(rowsOf(out.all_classes!)[r]).toEqual(spec.classes);
        expect(rowsOf(out.all_class_ids!)[r]).toEqual(spec.classes.map((_, k) => k));
        compared++;
      });
      expect(Object.keys(servable.signatures.serving_default!.outputs).sort()).toEqual(keys.sort());
    }
    expect(compared).toBe(240);
  });
});
