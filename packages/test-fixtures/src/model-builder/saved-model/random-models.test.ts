import { seededRandom } from "../../seeded-random.js";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSavedModel } from "@bqdeploy/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FeatureSpec } from "./feature-spec.js";
import { inputWidth } from "./feature-spec.js";
import { buildLinearRegModel } from "./linear-reg.js";
import { buildLogisticRegModel } from "./logistic-reg.js";

function randomFeatures(next: () => number): FeatureSpec[] {
  const count = 1 + Math.floor(next() * 5);
  return Array.from({ length: count }, (_, i): FeatureSpec => {
    const name = `${next() < 0.5 ? "F" : "f"}${i}_${Math.floor(next() * 1000)}`;
    if (next() < 0.5) return { name, kind: "numeric", dtype: next() < 0.5 ? "DT_DOUBLE" : "DT_FLOAT" };
    const size = 1 + Math.floor(next() * 12);
    const vocabulary = Array.from({ length: size }, (_, k) =>
      k === 0 ? "_null_filler" : `v${k}-${next() < 0.2 ? "ü" : ""}`,
    );
    return { name, kind: "string", vocabulary };
  });
}

const weightsFor = (features: FeatureSpec[], next: () => number) =>
  Array.from({ length: inputWidth(features) }, () => (next() - 0.5) * 10 ** Math.floor(next() * 6));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-random-models-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("random built models read back exactly", () => {
  it("20 linear_reg models: graph, weights and vocabularies survive the round trip", async () => {
    const next = seededRandom(11);
    for (let m = 0; m < 20; m++) {
      const features = randomFeatures(next);
      const spec = { features, weights: weightsFor(features, next), intercept: next() * 1e4 };
      const dir = join(root, `linear-${m}`);
      const written = await buildLinearRegModel(dir, spec, {
        bundle: { compression: m % 2 ? "snappy" : "none" },
      });
      const bundle = await readSavedModel(dir);
      expect(bundle.metaGraph).toEqual(written);
      expect(Array.from(bundle.variables.get("weights")?.data as Float64Array)).toEqual(spec.weights);
      expect(bundle.variables.get("intercept")?.data[0]).toBe(spec.intercept);
      for (const f of features) {
        if (f.kind !== "string") continue;
        const path = [...bundle.assetPaths.values()].find((p) => p.endsWith(`/${f.name}.txt`)) as string;
        expect((await readFile(path, "utf8")).split("\n").slice(0, -1)).toEqual(f.vocabulary);
      }
    }
  });

  it("10 logistic_reg models with 2 to 5 classes", async () => {
    const next = seededRandom(12);
    for (let m = 0; m < 10; m++) {
      const features = randomFeatures(next);
      const classes = Array.from({ length: 2 + Math.floor(next() * 4) }, (_, k) => `class-${k}`);
      const spec = {
        features,
        classes,
        weights: classes.map(() => weightsFor(features, next)),
        intercepts: classes.map(() => next()),
      };
      const dir = join(root, `logistic-${m}`);
      const written = await buildLogisticRegModel(dir, spec);
      const bundle = await readSavedModel(dir);
      expect(bundle.metaGraph).toEqual(written);
      expect(bundle.metaGraph.graph.nodes.filter((n) => n.op === "StatelessIf")).toHaveLength(classes.length);
      expect(bundle.variables.size).toBe(2 * classes.length);
    }
  });
});
