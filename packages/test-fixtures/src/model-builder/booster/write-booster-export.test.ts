import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeLegacyBooster } from "./encode-legacy-model.js";
import { seededRandom } from "../../seeded-random.js";
import { randomTrees } from "./random-trees.js";
import { encodedWidth, writeBoosterExport } from "./write-booster-export.js";

describe("booster model builder", () => {
  it("writes the legacy layout: 136-byte learner param, names, 160-byte gbtree param, trees, tree_info", () => {
    const trees = [{ group: 0, root: { leaf: 1 } }];
    const bytes = encodeLegacyBooster({ objective: "reg:linear", baseScore: 0.5, numFeature: 2, trees });
    expect(bytes.byteLength).toBe(136 + 8 + 10 + 8 + 6 + 160 + 148 + 20 + 16 + 4);
    expect(new DataView(bytes.buffer).getFloat32(0, true)).toBe(0.5);
    const prefixed = encodeLegacyBooster({
      objective: "reg:linear",
      baseScore: 0.5,
      numFeature: 2,
      trees,
      binf: true,
    });
    expect(new TextDecoder().decode(prefixed.subarray(0, 4))).toBe("binf");
  });

  it("draws the same random trees for the same seed", () => {
    const a = randomTrees({ random: seededRandom(3), numTrees: 4, numFeature: 5, maxDepth: 3, numGroup: 2 });
    const b = randomTrees({ random: seededRandom(3), numTrees: 4, numFeature: 5, maxDepth: 3, numGroup: 2 });
    expect(a).toEqual(b);
    expect(a.map((t) => t.group)).toEqual([0, 1, 0, 1]);
  });

  it("writes model.bst, model_metadata.json and BigQuery ML's vocabulary file names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bqdeploy-builder-"));
    try {
      const features = [
        { name: "n", kind: "numeric" as const, mean: 2 },
        { name: "c", kind: "label" as const, vocabulary: ["_null_filler", "a"], legacyNames: true },
        { name: "m", kind: "multi_hot" as const, vocabulary: ["_null_filler", "a", "b"] },
        { name: "t", kind: "target" as const, table: [["a", 1, 2] as [string, number, number]] },
      ];
      expect(features.map(encodedWidth)).toEqual([1, 1, 3, 2]);
      await writeBoosterExport(dir, {
        modelType: "boosted_tree_regressor",
        labelCol: "y",
        features,
        booster: { objective: "reg:linear", baseScore: 0.5, numFeature: 7, trees: [] },
      });
      expect((await readdir(join(dir, "assets"))).sort()).toEqual([
        "1.txt",
        "2_array_one_hot.txt",
        "3_categorical_target.txt",
        "model_metadata.json",
      ]);
      const metadata = JSON.parse(await readFile(join(dir, "assets", "model_metadata.json"), "utf8"));
      expect(metadata.features).toEqual({
        n: { mean: 2 },
        c: { encode_type: "ohe" },
        m: { encode_type: "array_one_hot" },
        t: { encode_type: "categorical_target" },
      });
      expect(await readFile(join(dir, "assets", "3_categorical_target.txt"), "utf8")).toBe("a,1,2\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
