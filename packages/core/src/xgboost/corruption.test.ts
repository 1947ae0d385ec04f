import { readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  encodeLegacyBooster,
  haveSharedModels,
  randomTrees,
  seededRandom,
  sharedModel,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { loadBoosterModel } from "./booster-servable.js";
import { flattenForest } from "./forest.js";
import { readLegacyBooster } from "./legacy-booster.js";
import { predictMargins } from "./predict-margins.js";

const random = seededRandom(7);
const built = encodeLegacyBooster({
  objective: "multi:softprob",
  baseScore: 0.5,
  numFeature: 5,
  numClass: 3,
  numGroup: 3,
  trees: randomTrees({ random, numTrees: 12, numFeature: 5, maxDepth: 4, numGroup: 3 }),
  metrics: ["mlogloss"],
});

/** Reading must end in a model or a BqdeployError; a model that loads must evaluate without throwing. */
function readOrRefuse(bytes: Uint8Array): "read" | "refused" {
  try {
    const booster = readLegacyBooster(bytes, "model.bst");
    const forest = flattenForest(booster);
    const rows = 16;
    const x = new Float32Array(rows * forest.numFeature).map(() =>
      random() < 0.2 ? Number.NaN : random() * 10,
    );
    const out = predictMargins(forest, x, rows, 0.5);
    expect(out).toHaveLength(rows * forest.numGroup);
    return "read";
  } catch (error) {
    if (!isBqdeployError(error)) throw error;
    expect(["MODEL_CORRUPT", "MODEL_FORMAT_INVALID"]).toContain(error.code);
    expect(error.message).toMatch(/^model\.bst: /);
    return "refused";
  }
}

const sources = (): [string, Uint8Array][] => {
  const list: [string, Uint8Array][] = [["builder", built]];
  if (haveSharedModels("corrupted booster exports")) {
    for (const m of ["boosted_tree_regressor", "boosted_tree_classifier", "random_forest_regressor"]) {
      list.push([m, new Uint8Array(readFileSync(join(sharedModel(m), "model.bst")))]);
    }
  }
  return list;
};

describe("corrupt model.bst", () => {
  for (const [name, bytes] of sources()) {
    it(`${name}: truncated at 50 random offsets, each is a MODEL_CORRUPT error`, () => {
      expect(readOrRefuse(bytes)).toBe("read");
      for (let i = 0; i < 50; i++) {
        const cut = Math.floor(random() * bytes.byteLength);
        let caught: unknown;
        try {
          readLegacyBooster(bytes.subarray(0, cut), "model.bst");
        } catch (error) {
          caught = error;
        }
        expect(isBqdeployError(caught), `cut at ${cut}: ${String(caught)}`).toBe(true);
        expect((caught as { code: string }).code).toBe("MODEL_CORRUPT");
        expect((caught as Error).message).toMatch(/^model\.bst: .*(needs|declares|empty|bytes left)/);
      }
    });

    it(`${name}: 300 random byte flips never crash, hang or allocate wildly`, () => {
      const started = performance.now();
      const outcomes = { read: 0, refused: 0 };
      for (let i = 0; i < 300; i++) {
        const copy = bytes.slice();
        const flips = 1 + Math.floor(random() * 4);
        for (let k = 0; k < flips; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
        outcomes[readOrRefuse(copy)]++;
      }
      expect(outcomes.read + outcomes.refused).toBe(300);
      expect(performance.now() - started).toBeLessThan(10_000);
    });
  }
});

describe.runIf(haveSharedModels("corrupted booster export folders"))("corrupt export folders", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fresh = async (name: string): Promise<string> => {
    const target = join(dir, name);
    await cp(sharedModel("boosted_tree_classifier"), target, { recursive: true });
    return target;
  };

  async function loadError(folder: string): Promise<{ code: string; message: string }> {
    const error = await loadBoosterModel(folder).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isBqdeployError(error), String(error)).toBe(true);
    return error as { code: string; message: string };
  }

  it("a truncated model.bst on disk names the file", async () => {
    const folder = await fresh("truncated");
    const bytes = await readFile(join(folder, "model.bst"));
    await writeFile(join(folder, "model.bst"), bytes.subarray(0, 1000));
    const error = await loadError(folder);
    expect(error.code).toBe("MODEL_CORRUPT");
    expect(error.message).toMatch(/^model\.bst: .* but the file has \d+ (bytes )?left/);
  });

  it("metadata that is cut short, of the wrong shape, or naming absent vocabularies is refused clearly", async () => {
    const folder = await fresh("metadata");
    const path = join(folder, "assets", "model_metadata.json");
    const text = await readFile(path, "utf8");
    await writeFile(path, text.slice(0, 60));
    expect(await loadError(folder)).toMatchObject({
      code: "MODEL_CORRUPT",
      message: expect.stringMatching(/model_metadata\.json is not valid JSON/),
    });
    await writeFile(path, JSON.stringify({ ...JSON.parse(text), class_names: "x" }));
    const shape = await loadError(folder);
    expect(shape.code).toBe("MODEL_FORMAT_INVALID");
    expect(shape.message).toMatch(/class_names: Invalid input: expected array, received string/);
    await writeFile(path, JSON.stringify({ ...JSON.parse(text), feature_names: ["f1", "f9"] }));
    expect((await loadError(folder)).message).toMatch(/features\.f9: feature "f9" has no entry/);
    await writeFile(path, text);
    await rm(join(folder, "assets", "1_array.txt"));
    expect((await loadError(folder)).message).toMatch(
      /Feature f2 \(index 1\) is encoded as mhe but 1_array_one_hot\.txt or 1_array\.txt is missing/,
    );
  });

  it("a missing model.bst says the folder is not a booster export", async () => {
    const folder = await fresh("missing");
    await rm(join(folder, "model.bst"));
    expect(await loadError(folder)).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/has no model\.bst/),
    });
  });

  it("random truncations of every file give BqdeployErrors, never crashes", async () => {
    const folder = await fresh("fuzz");
    const files = ["model.bst", "assets/model_metadata.json", "assets/0.txt", "assets/1_array.txt"];
    const originals = await Promise.all(files.map((f) => readFile(join(folder, f))));
    for (let i = 0; i < 20; i++) {
      const k = i % files.length;
      const original = originals[k]!;
      await writeFile(join(folder, files[k]!), original.subarray(0, Math.floor(random() * original.length)));
      const outcome = await loadBoosterModel(folder).then(
        async (s) => s.predictInstances([{ f1: "b", f2: ["a"], f3: 3 }]),
        (e: unknown) => {
          if (!isBqdeployError(e)) throw e;
          return e;
        },
      );
      expect(outcome).toBeDefined();
      await writeFile(join(folder, files[k]!), original);
    }
  });
});
