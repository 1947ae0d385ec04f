import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeBoosterExport } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BoosterServable, loadBoosterModel } from "./booster-servable.js";

const b64 = (text: string) => ({ b64: Buffer.from(text).toString("base64") });

describe("booster: TF Serving's JSON forms", () => {
  let dir: string;
  let booster: BoosterServable;
  const predict = async (format: "row" | "columnar", payload: unknown): Promise<number[]> => {
    const out = await booster.runJson!("serving_default", format, payload, ["predicted_y"]);
    return Array.from(out.predicted_y!.data as Float64Array);
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-json-"));
    // Encoded columns: n, c (label: a -> 1, b -> 2), m (multi-hot: _null_filler, x, y).
    await writeBoosterExport(dir, {
      modelType: "boosted_tree_regressor",
      labelCol: "y",
      features: [
        { name: "n", kind: "numeric", mean: 2 },
        { name: "c", kind: "label", vocabulary: ["_null_filler", "a", "b"] },
        { name: "m", kind: "multi_hot", vocabulary: ["_null_filler", "x", "y"] },
      ],
      booster: {
        objective: "reg:linear",
        baseScore: 0.5,
        numFeature: 5,
        trees: [
          // c = a -> 10; b -> 20; unknown (missing) -> 20.
          {
            group: 0,
            root: { feature: 1, threshold: 1.5, defaultLeft: false, left: { leaf: 10 }, right: { leaf: 20 } },
          },
          // x among m's items -> 100, else 0.
          {
            group: 0,
            root: { feature: 3, threshold: 0.5, defaultLeft: true, left: { leaf: 0 }, right: { leaf: 100 } },
          },
        ],
      },
    });
    booster = await loadBoosterModel(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads {"b64": ...} in string features and array items as the text it encodes', async () => {
    expect(await predict("row", [{ n: 1, c: "a", m: ["x"] }])).toEqual([110.5]);
    // Before, the object was looked up as the text {"b64":"YQ=="}: an unknown category, a silent 20.5.
    expect(await predict("row", [{ n: 1, c: b64("a"), m: [b64("x")] }])).toEqual([110.5]);
    expect(await predict("columnar", { n: [1], c: [b64("a")], m: [[b64("y"), b64("x")]] })).toEqual([110.5]);
    await expect(predict("row", [{ n: 1, c: { b64: "not base64!" }, m: [] }])).rejects.toMatchObject({
      message: "Unable to base64 decode",
    });
    // Numbers are not strings: a b64 object there is refused as before.
    await expect(predict("row", [{ n: b64("1"), c: "a", m: [] }])).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it("refuses a columnar request without a feature's column, even with no rows at all", async () => {
    await expect(booster.runColumns({ n: [1], m: [[]] })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: "Input c is missing; the model takes n, c, m.",
    });
    // Before, `{"inputs": {}}` had zero rows and answered 200 with empty outputs.
    await expect(predict("columnar", {})).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
      message: "Input n is missing; the model takes n, c, m.",
    });
    expect(await predict("columnar", { n: [], c: [], m: [] })).toEqual([]);
    expect(await predict("columnar", { n: [3], c: ["b"], m: [["y"]] })).toEqual([20.5]);
  });
});
