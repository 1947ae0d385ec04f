import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBoosterExport } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BoosterServable, loadBoosterModel } from "./booster-servable.js";

describe("booster: the columnar form", () => {
  let dir: string;
  let booster: BoosterServable;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-columns-"));
    await writeBoosterExport(dir, {
      modelType: "boosted_tree_regressor",
      labelCol: "y",
      features: [
        { name: "n", kind: "numeric", mean: 2 },
        { name: "c", kind: "label", vocabulary: ["_null_filler", "a", "b"] },
      ],
      booster: {
        objective: "reg:linear",
        baseScore: 0.5,
        numFeature: 2,
        trees: [
          {
            group: 0,
            root: { feature: 0, threshold: 1.5, defaultLeft: true, left: { leaf: -1 }, right: { leaf: 1 } },
          },
        ],
      },
    });
    booster = await loadBoosterModel(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses a request without a feature's column, even with no rows at all", async () => {
    const missing = "Input c is missing; the model takes n, c.";
    await expect(booster.runColumns({ n: [1] })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: missing,
    });
    // Before, `{"inputs": {}}` had zero rows and answered 200 with empty outputs.
    await expect(booster.runJson!("serving_default", "columnar", {}, ["predicted_y"])).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: "Input n is missing; the model takes n, c.",
    });
    const empty = await booster.runColumns({ n: [], c: [] });
    expect(empty.predicted_y!.shape).toEqual([0]);
    const one = await booster.runColumns({ n: [3], c: ["a"] });
    expect(Array.from(one.predicted_y!.data as Float64Array)).toEqual([1.5]);
  });
});
