// Booster evaluation speed: a 100-tree booster (written by the test-fixtures builder) over 100k rows.
// Measured: the booster servable's run() (tensor encoding + tree evaluation + outputs) and the bare
// evaluator (predictMargins on encoded rows). Baseline: a straightforward hand-written walk over the same
// flattened arrays, in this file. Target: measured / baseline >= 0.5.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Forest,
  type Tensor,
  flattenForest,
  loadBoosterModel,
  predictMargins,
  readLegacyBooster,
} from "@bqdeploy/core";
import { randomTrees, seededRandom, writeBoosterExport } from "@bqdeploy/test-fixtures";
import { medianSeconds, report } from "./lib/measure.js";

const TREES = 100;
const ROWS = 100_000;
const FEATURES = 12;
const DEPTH = 6;

/** The plain walk: for each row, each tree, follow splits until a leaf; NaN takes the default child. */
function straightforwardWalk(forest: Forest, x: Float32Array, rows: number, base: number): Float32Array {
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = base;
    for (let t = 0; t < forest.roots.length; t++) {
      let n = forest.roots[t]!;
      while (forest.feature[n]! >= 0) {
        const v = x[r * forest.numFeature + forest.feature[n]!]!;
        if (Number.isNaN(v)) n = forest.missing[n]!;
        else if (v < forest.value[n]!) n = forest.left[n]!;
        else n = forest.right[n]!;
      }
      sum = Math.fround(sum + forest.value[n]!);
    }
    out[r] = sum;
  }
  return out;
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-bench-"));
  try {
    const random = seededRandom(2024);
    const features = Array.from({ length: FEATURES }, (_, i) => ({
      name: `x${i}`,
      kind: "numeric" as const,
      mean: 5,
    }));
    await writeBoosterExport(dir, {
      modelType: "boosted_tree_regressor",
      labelCol: "y",
      features,
      booster: {
        objective: "reg:squarederror",
        baseScore: 0.5,
        numFeature: FEATURES,
        trees: randomTrees({ random, numTrees: TREES, numFeature: FEATURES, maxDepth: DEPTH }),
      },
    });
    const servable = await loadBoosterModel(dir);
    const forest = flattenForest(readLegacyBooster(await readFile(join(dir, "model.bst"))));

    // Columns as the protocol layer would pass them (DT_DOUBLE, ~5% NaN = missing), and the same rows encoded.
    const columns = features.map(() => new Float64Array(ROWS));
    const encoded = new Float32Array(ROWS * FEATURES);
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < FEATURES; c++) {
        const v = random() < 0.05 ? Number.NaN : -1 + random() * 12;
        columns[c]![r] = v;
        encoded[r * FEATURES + c] = v;
      }
    }
    const inputs: Record<string, Tensor> = Object.fromEntries(
      features.map((f, c) => [f.name, { dtype: "DT_DOUBLE", shape: [ROWS], data: columns[c]! }]),
    );

    // Same answers first: the three paths must agree exactly.
    const expected = straightforwardWalk(forest, encoded, ROWS, 0.5);
    const viaServable = (await servable.run("serving_default", inputs, ["predicted_y"])).predicted_y!.data;
    const viaEvaluator = predictMargins(forest, encoded, ROWS, 0.5);
    for (let r = 0; r < ROWS; r++) {
      if (viaServable[r] !== expected[r] || viaEvaluator[r] !== expected[r]) {
        throw new Error(
          `row ${r}: servable ${viaServable[r]}, evaluator ${viaEvaluator[r]}, walk ${expected[r]}`,
        );
      }
    }

    const baseline = ROWS / (await medianSeconds(() => straightforwardWalk(forest, encoded, ROWS, 0.5), 7));
    const servableRate =
      ROWS / (await medianSeconds(() => servable.run("serving_default", inputs, ["predicted_y"]), 7));
    const evaluatorRate = ROWS / (await medianSeconds(() => predictMargins(forest, encoded, ROWS, 0.5), 7));
    const shape = `${TREES} trees, depth <= ${DEPTH}, ${FEATURES} numeric features, ${ROWS} rows, 5% missing`;
    report({
      name: "booster servable run(): tensors -> predictions",
      unit: "rows/s",
      measured: servableRate,
      baseline,
      baselineName: "straightforward tree walk over the same arrays",
      target: 0.5,
      notes: shape,
    });
    report({
      name: "booster evaluator predictMargins(): encoded rows -> margins",
      unit: "rows/s",
      measured: evaluatorRate,
      baseline,
      baselineName: "straightforward tree walk over the same arrays",
      target: 0.5,
      notes: shape,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
