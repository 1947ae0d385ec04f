import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type BoosterSpec,
  encodeLegacyBooster,
  haveSharedModels,
  sharedModel,
} from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { flattenForest, usableTreeCount } from "./forest.js";
import { readLegacyBooster } from "./legacy-booster.js";

const stump = (feature: number, threshold: number, left: number, right: number) => ({
  feature,
  threshold,
  defaultLeft: true,
  left: { leaf: left },
  right: { leaf: right },
});

const small: BoosterSpec = {
  objective: "reg:squarederror",
  baseScore: 0.5,
  numFeature: 3,
  trees: [
    { group: 0, root: stump(0, 1.5, -1, 1) },
    { group: 0, root: { ...stump(2, 0.5, 0.25, 0.75), right: stump(1, 3, 2, 4) } },
  ],
};

/** Byte offset of tree t's TreeParam in a file the builder wrote for `spec` (no binf prefix). */
function treeOffset(spec: BoosterSpec, t: number, nodesPerTree: number[]): number {
  let at = 136 + 8 + spec.objective.length + 8 + (spec.booster ?? "gbtree").length + 160;
  for (let i = 0; i < t; i++) at += 148 + 36 * nodesPerTree[i]!;
  return at;
}

function expectCorrupt(bytes: Uint8Array, message: RegExp): void {
  let caught: unknown;
  try {
    readLegacyBooster(bytes, "model.bst");
  } catch (error) {
    caught = error;
  }
  expect(isBqdeployError(caught), String(caught)).toBe(true);
  expect((caught as { code: string }).code).toBe("MODEL_CORRUPT");
  expect((caught as Error).message).toMatch(message);
}

describe("readLegacyBooster", () => {
  it("reads what the builder writes: header, trees, groups, metrics, attributes, binf prefix", () => {
    const bytes = encodeLegacyBooster({
      ...small,
      binf: true,
      metrics: ["rmse"],
      attributes: { best_iteration: "1" },
    });
    const b = readLegacyBooster(bytes);
    expect(b).toMatchObject({
      objective: "reg:squarederror",
      booster: "gbtree",
      numFeature: 3,
      numOutputGroup: 1,
    });
    expect(b.baseScore).toBe(0.5);
    expect(b.trees.map((t) => t.numNodes)).toEqual([3, 5]);
    expect(b.metrics).toEqual(["rmse"]);
    expect(b.attributes).toEqual({ best_iteration: "1" });
    expect(Array.from(b.trees[1]!.left)).toEqual([1, -1, 3, -1, -1]);
    expect(Array.from(b.trees[1]!.splitIndex.subarray(0, 1))).toEqual([2]);
    expect(b.trees[1]!.defaultLeft[0]).toBe(1);
  });

  it("reads DART weights", () => {
    const b = readLegacyBooster(encodeLegacyBooster({ ...small, booster: "dart", weightDrop: [0.5, 2] }));
    expect(b.booster).toBe("dart");
    expect(Array.from(b.weightDrop!)).toEqual([0.5, 2]);
    expect(Array.from(flattenForest(b).weights)).toEqual([0.5, 2]);
  });

  it("keeps whole boosting rounds only, as XGBoost predicts", () => {
    const trees = [0, 1, 2, 0, 1].map((group) => ({ group, root: { leaf: 1 } }));
    const b = readLegacyBooster(
      encodeLegacyBooster({ ...small, objective: "multi:softprob", numClass: 3, numGroup: 3, trees }),
    );
    expect(usableTreeCount(b)).toBe(3);
    expect(flattenForest(b).roots).toHaveLength(3);
  });

  it("says which tree declares more nodes than the file holds", () => {
    const bytes = encodeLegacyBooster(small);
    new DataView(bytes.buffer).setInt32(treeOffset(small, 1, [3, 5]) + 4, 2 ** 31 - 1, true);
    expectCorrupt(bytes, /^model\.bst: tree 1 declares 2147483647 nodes .* but the file has \d+ bytes left/);
    new DataView(bytes.buffer).setInt32(treeOffset(small, 1, [3, 5]) + 4, 2 ** 30, true);
    expectCorrupt(bytes, /tree 1 declares 1073741824 nodes \(2\^30, /);
  });

  it("refuses children that loop back, point outside the tree, or split on an unknown feature", () => {
    const node = (t: number, n: number) => treeOffset(small, t, [3, 5]) + 148 + 20 * n;
    const cycle = encodeLegacyBooster(small);
    new DataView(cycle.buffer).setInt32(node(1, 2) + 4, 0, true);
    expectCorrupt(cycle, /tree 1 node 2 points to children 0 and 4/);
    const shared = encodeLegacyBooster(small);
    new DataView(shared.buffer).setInt32(node(1, 2) + 8, 1, true);
    expectCorrupt(shared, /tree 1 reaches node 1 twice/);
    const outside = encodeLegacyBooster(small);
    new DataView(outside.buffer).setInt32(node(0, 0) + 8, 9, true);
    expectCorrupt(outside, /tree 0 node 0 points to children 1 and 9 of 3 nodes/);
    const feature = encodeLegacyBooster(small);
    new DataView(feature.buffer).setUint32(node(0, 0) + 12, 0x80000007, true);
    expectCorrupt(feature, /tree 0 node 0 splits on feature 7 but the model has 3/);
  });

  it("refuses absurd counts before allocating anything", () => {
    const trees = encodeLegacyBooster(small);
    new DataView(trees.buffer).setInt32(136 + 8 + 16 + 8 + 6, 2 ** 31 - 1, true);
    expectCorrupt(trees, /declares 2147483647 trees but the file has \d+ bytes left/);
    const name = encodeLegacyBooster(small);
    new DataView(name.buffer).setUint32(136 + 4, 1, true);
    expectCorrupt(name, /the objective name at offset 136 declares more than 2\^32 bytes/);
    expectCorrupt(new Uint8Array(0), /model\.bst: the file is empty/);
  });

  it("explains that JSON models and linear boosters are not what BigQuery ML exports", () => {
    const json = new TextEncoder().encode('{"learner": {}}');
    expect(() => readLegacyBooster(json)).toThrow(/XGBoost JSON\/UBJSON or base64 model/);
    const linear = encodeLegacyBooster(small);
    linear.set(new TextEncoder().encode("gbline"), 136 + 8 + 16 + 8);
    expect(() => readLegacyBooster(linear)).toThrow(/booster "gbline" is not supported; only tree boosters/);
  });
});

describe.runIf(haveSharedModels("booster model.bst files"))(
  "readLegacyBooster on BigQuery ML exports",
  () => {
    const read = (model: string) => readLegacyBooster(readFileSync(join(sharedModel(model), "model.bst")));

    it("reads the three exports as the models README describes them", () => {
      const regressor = read("boosted_tree_regressor");
      expect(regressor).toMatchObject({
        objective: "reg:linear",
        numFeature: 6,
        numOutputGroup: 1,
        version: [0, 0],
      });
      expect(regressor.trees).toHaveLength(20);
      expect(regressor.baseScore).toBe(0.5);
      expect(regressor.metrics).toEqual(["rmse"]);
      const classifier = read("boosted_tree_classifier");
      expect(classifier).toMatchObject({ objective: "multi:softprob", numClass: 3, numOutputGroup: 3 });
      expect(classifier.trees).toHaveLength(27);
      expect(Array.from(classifier.treeInfo.subarray(0, 6))).toEqual([0, 1, 2, 0, 1, 2]);
      const forest = read("random_forest_regressor");
      expect(forest).toMatchObject({ objective: "reg:linear", numFeature: 3 });
      expect(forest.trees).toHaveLength(100);
    });
  },
);
