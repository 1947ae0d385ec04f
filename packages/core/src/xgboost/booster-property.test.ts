// Property test: random boosters written by the test-fixtures builder, evaluated on random rows (missing
// values, unknown categories, empty strings, ragged arrays), agree with a plain reference written here:
// its own encoding of each feature kind and a recursive tree walk over the builder's tree specs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BoosterExportSpec,
  type BuilderFeature,
  type TreeSpec,
  encodedWidth,
  randomTrees,
  seededRandom,
  writeBoosterExport,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Tensor } from "../protocol/index.js";
import { loadBoosterModel } from "./booster-servable.js";

const f = Math.fround;

type Objective = "reg:linear" | "binary:logistic" | "multi:softprob";

function features(classes: number, legacy: boolean): BuilderFeature[] {
  const target = (keys: string[]) =>
    keys.map(
      (k, i) =>
        [
          k,
          ...Array.from({ length: classes > 2 ? classes : 1 }, (_, c) =>
            (i * 7 + c * 3) % 5 === 0 ? 0 : i - c * 0.75,
          ),
        ] as [string, ...number[]],
    );
  return [
    { name: "n0", kind: "numeric", mean: 5.25 },
    { name: "c1", kind: "label", vocabulary: ["_null_filler", "a", "b", "c", "d"], legacyNames: legacy },
    { name: "c2", kind: "one_hot", vocabulary: ["_null_filler", "x", "y", "z"] },
    { name: "a3", kind: "multi_hot", vocabulary: ["_null_filler", "p", "q", "r"], legacyNames: legacy },
    { name: "t4", kind: "target", table: target(["_null_filler", "a", "b", "c"]) },
    { name: "t5", kind: "array_target", table: target(["_null_filler", "p", "q"]) },
    { name: "n6", kind: "numeric" },
  ];
}

/** The reference encoding, written from the rules in bqml-export.md / Google's predictor. */
function referenceEncode(feature: BuilderFeature, value: unknown): number[] {
  const vocab = "vocabulary" in feature ? feature.vocabulary : [];
  switch (feature.kind) {
    case "numeric":
      return [value === "" ? (feature.mean ?? 0) : Number(value)];
    case "label":
      return [vocab.includes(value as string) ? vocab.indexOf(value as string) : Number.NaN];
    case "one_hot":
      return vocab.map((v) => (v === value ? 1 : Number.NaN));
    case "multi_hot":
      return vocab.map((v) => ((value as string[]).includes(v) ? 1 : Number.NaN));
    case "target": {
      const row = feature.table.find((r) => r[0] === value);
      const width = feature.table[0]!.length - 1;
      const stats = row ? (row.slice(1) as number[]) : new Array<number>(width).fill(Number.NaN);
      return stats.map((x) => (width > 1 && x === 0 ? Number.NaN : x));
    }
    case "array_target": {
      const items = value as string[];
      const width = feature.table[0]!.length - 1;
      const sums = new Array<number>(width).fill(0);
      for (const item of items) {
        const row = feature.table.find((r) => r[0] === item);
        for (let k = 0; k < width; k++)
          sums[k] = sums[k]! + (row ? (row[k + 1] as number) : 0) / items.length;
      }
      return sums.map((x) => (width > 1 && x === 0 ? Number.NaN : x));
    }
  }
}

function walk(node: TreeSpec, x: number[]): number {
  if ("leaf" in node) return f(node.leaf);
  const v = f(x[node.feature]!);
  if (Number.isNaN(v)) return walk(node.defaultLeft ? node.left : node.right, x);
  return walk(v < f(node.threshold) ? node.left : node.right, x);
}

function referencePredict(
  spec: BoosterExportSpec,
  objective: Objective,
  row: Record<string, unknown>,
): unknown {
  const x = spec.features.flatMap((feature) => referenceEncode(feature, row[feature.name]));
  const groups = spec.booster.numGroup ?? 1;
  const margins = new Array<number>(groups).fill(f(spec.booster.baseScore));
  for (const tree of spec.booster.trees) margins[tree.group] = f(margins[tree.group]! + walk(tree.root, x));
  if (objective === "reg:linear") return margins[0];
  const probs =
    objective === "binary:logistic"
      ? [1 - 1 / (1 + Math.exp(-margins[0]!)), 1 / (1 + Math.exp(-margins[0]!))]
      : margins
          .map((m) => Math.exp(m - Math.max(...margins)))
          .map((e, _, all) => e / all.reduce((a, b) => a + b));
  const names = spec.classNames!;
  return {
    predicted_label: names[probs.indexOf(Math.max(...probs))],
    label_values: names,
    label_probs: probs,
  };
}

function randomRow(random: () => number, arrayLength?: number): Record<string, unknown> {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const numeric = () =>
    random() < 0.15 ? "" : random() < 0.2 ? pick([0.5, 2.5, 4.5, 7]) : -1 + random() * 12;
  const array = (items: string[]) =>
    Array.from({ length: arrayLength ?? Math.floor(random() * 5) }, () =>
      pick([...items, "unknown", "", "_null_filler"]),
    );
  return {
    n0: numeric(),
    c1: pick(["a", "b", "c", "d", "_null_filler", "e", ""]),
    c2: pick(["x", "y", "z", "w", ""]),
    a3: array(["p", "q", "r"]),
    t4: pick(["a", "b", "c", "zz"]),
    t5: array(["p", "q"]),
    n6: numeric(),
  };
}

function expectSame(actual: unknown, expected: unknown, objective: Objective, where: string): void {
  if (objective === "reg:linear") {
    expect(actual, where).toBe(expected);
    return;
  }
  const a = actual as { predicted_label: string; label_values: string[]; label_probs: number[] };
  const e = expected as typeof a;
  expect(a.label_values, where).toEqual(e.label_values);
  a.label_probs.forEach((p, i) => {
    expect(Math.abs(p - e.label_probs[i]!), where).toBeLessThan(3e-7);
  });
  // A tie within float32 noise may pick either label; otherwise the label must agree.
  const sorted = [...e.label_probs].sort((x, y) => y - x);
  if (sorted[0]! - (sorted[1] ?? 0) > 1e-6) expect(a.predicted_label, where).toBe(e.predicted_label);
}

/** Row instances -> one tensor per feature (arrays all of one length). */
function toTensors(spec: BoosterExportSpec, rows: Record<string, unknown>[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const feature of spec.features) {
    const values = rows.map((r) => r[feature.name]);
    if (feature.kind === "numeric") {
      out[feature.name] = values.some((v) => typeof v === "string")
        ? { dtype: "DT_STRING", shape: [rows.length], data: values.map(String) }
        : { dtype: "DT_DOUBLE", shape: [rows.length], data: Float64Array.from(values as number[]) };
    } else if (Array.isArray(values[0])) {
      const width = (values[0] as string[]).length;
      out[feature.name] = {
        dtype: "DT_STRING",
        shape: [rows.length, width],
        data: (values as string[][]).flat(),
      };
    } else {
      out[feature.name] = { dtype: "DT_STRING", shape: [rows.length], data: values as string[] };
    }
  }
  return out;
}

describe("random boosters agree with a reference tree walk", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-prop-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const objectives: Objective[] = ["reg:linear", "binary:logistic", "multi:softprob"];
  for (let seed = 1; seed <= 24; seed++) {
    const objective = objectives[seed % 3]!;
    it(`seed ${seed}: ${objective}, 150 random rows (instances and tensors)`, async () => {
      const random = seededRandom(seed * 7919);
      const classes = objective === "multi:softprob" ? 3 : objective === "binary:logistic" ? 2 : 0;
      const feats = features(classes, seed % 2 === 0);
      const width = feats.reduce((n, feat) => n + encodedWidth(feat), 0);
      const groups = classes > 2 ? classes : 1;
      const spec: BoosterExportSpec = {
        modelType: classes ? "boosted_tree_classifier" : "boosted_tree_regressor",
        labelCol: "label",
        ...(classes ? { classNames: ["3", "1", "2"].slice(0, classes) } : {}),
        features: feats,
        booster: {
          objective,
          baseScore: objective === "reg:linear" ? 0.5 : 0,
          numFeature: width,
          numClass: groups > 1 ? groups : 0,
          numGroup: groups,
          trees: randomTrees({
            random,
            numTrees: 8 * groups,
            numFeature: width,
            maxDepth: 5,
            numGroup: groups,
          }),
        },
      };
      const folder = join(dir, `seed-${seed}`);
      await writeBoosterExport(folder, spec);
      const servable = await loadBoosterModel(folder);

      const rows = Array.from({ length: 150 }, () => randomRow(random));
      const predictions = await servable.predictInstances(rows);
      rows.forEach((row, i) => {
        expectSame(
          predictions[i],
          referencePredict(spec, objective, row),
          objective,
          `row ${i}: ${JSON.stringify(row)}`,
        );
      });

      const batch = Array.from({ length: 40 }, () => randomRow(random, 3));
      const outputs = Object.keys(servable.signatures.serving_default!.outputs);
      const tensors = await servable.run("serving_default", toTensors(spec, batch), outputs);
      const viaInstances = await servable.predictInstances(batch);
      const first = tensors[outputs[0]!]!;
      expect(first.shape[0]).toBe(batch.length);
      if (objective === "reg:linear") expect(Array.from(first.data as Float64Array)).toEqual(viaInstances);
      else
        expect(tensors.predicted_label!.data as string[]).toEqual(
          viaInstances.map((p) => (p as { predicted_label: string }).predicted_label),
        );
    });
  }
});
