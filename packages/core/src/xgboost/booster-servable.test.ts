import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedModel, writeBoosterExport } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryLogger } from "../logging/index.js";
import type { Tensor } from "../protocol/index.js";
import { type BoosterServable, loadBoosterModel } from "./booster-servable.js";

const strings = (data: string[], shape = [data.length]): Tensor => ({ dtype: "DT_STRING", shape, data });
const doubles = (data: number[]): Tensor => ({
  dtype: "DT_DOUBLE",
  shape: [data.length],
  data: Float64Array.from(data),
});

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: { code: string; message: string }) => e,
  );
}

describe.runIf(haveSharedModels("booster servable"))("booster servable over BigQuery ML exports", () => {
  let regressor: BoosterServable;
  let classifier: BoosterServable;
  let forest: BoosterServable;
  beforeAll(async () => {
    const logger = memoryLogger();
    regressor = await loadBoosterModel(sharedModel("boosted_tree_regressor"), { logger });
    classifier = await loadBoosterModel(sharedModel("boosted_tree_classifier"));
    forest = await loadBoosterModel(sharedModel("random_forest_regressor"));
    expect(logger.records.find((r) => r.message === "booster loaded")?.fields).toMatchObject({
      trees: 20,
      features: 6,
    });
  });

  it("declares one input per feature and BigQuery ML's outputs", () => {
    expect(regressor).toMatchObject({
      kind: "xgboost",
      modelType: "boosted_tree_regressor",
      objective: "reg:linear",
    });
    const sig = regressor.signatures.serving_default!;
    expect(sig.methodName).toBe("tensorflow/serving/predict");
    expect(sig.inputs).toEqual({
      f1: { name: "f1:0", dtype: "DT_STRING", shape: [-1] },
      f2: { name: "f2:0", dtype: "DT_STRING", shape: [-1, -1] },
      f3: { name: "f3:0", dtype: "DT_DOUBLE", shape: [-1] },
    });
    expect(sig.outputs).toEqual({
      predicted_label: { name: "predicted_label", dtype: "DT_DOUBLE", shape: [-1] },
    });
    expect(regressor.stringTolerantInputs).toEqual(["f3"]);
    expect(classifier.signatures.serving_default!.outputs).toEqual({
      predicted_label: { name: "predicted_label", dtype: "DT_STRING", shape: [-1] },
      label_values: { name: "label_values", dtype: "DT_STRING", shape: [-1, 3] },
      label_probs: { name: "label_probs", dtype: "DT_DOUBLE", shape: [-1, 3] },
    });
    // f2 has a label and a multi-hot vocabulary: label encoding wins, so it is a plain string input.
    expect(forest.signatures.serving_default!.inputs.f2!.shape).toEqual([-1]);
  });

  it("runs tensors to the same numbers as row instances, numeric inputs as doubles or strings", async () => {
    const rows = [
      { f1: "b", f2: ["a", "c"], f3: 3 },
      { f1: "f", f2: ["c", "f"], f3: "" },
    ];
    const inputs = {
      f1: strings(["b", "f"]),
      f2: strings(["a", "c", "c", "f"], [2, 2]),
      f3: strings(["3", ""]),
    };
    const out = await classifier.run("serving_default", inputs, ["label_probs", "predicted_label"]);
    expect(Object.keys(out)).toEqual(["label_probs", "predicted_label"]);
    expect(out.label_probs!.shape).toEqual([2, 3]);
    const viaRows = (await classifier.predictInstances(rows)) as {
      label_probs: number[];
      predicted_label: string;
    }[];
    expect(Array.from(out.label_probs!.data as Float64Array)).toEqual(viaRows.flatMap((r) => r.label_probs));
    expect(out.predicted_label!.data).toEqual(viaRows.map((r) => r.predicted_label));
    const numeric = await regressor.run("serving_default", { ...inputs, f3: doubles([3, 10]) }, [
      "predicted_label",
    ]);
    const withMean = await regressor.run("serving_default", inputs, ["predicted_label"]);
    // "" is the metadata mean (10) for f3.
    expect(numeric.predicted_label!.data).toEqual(withMean.predicted_label!.data);
  });

  it("gives row predictions shaped as Google's predictor returns them", async () => {
    const [one] = await regressor.predictInstances([{ f1: "b", f2: ["a"], f3: 3 }]);
    expect(typeof one).toBe("number");
    const [row] = await classifier.predictInstances([{ f1: "b", f2: ["a"], f3: 3 }]);
    expect(Object.keys(row as object)).toEqual(["predicted_label", "label_values", "label_probs"]);
    const columns = await classifier.runColumns({
      f1: ["b", "f"],
      f2: [["a"], ["c", "a", "a", "f"]],
      f3: [3, ""],
    });
    const rows = (await classifier.predictInstances([
      { f1: "b", f2: ["a"], f3: 3 },
      { f1: "f", f2: ["c", "a", "a", "f"], f3: "" },
    ])) as { label_probs: number[] }[];
    expect(Array.from(columns.label_probs!.data as Float64Array)).toEqual(rows.flatMap((r) => r.label_probs));
    expect((await rejection(classifier.runColumns({ f1: ["b"], f2: [], f3: [1] }))).message).toBe(
      "Input f2 has 0 rows, other inputs have 1.",
    );
    const tensors = await classifier.runInstances([{ f1: "b", f2: ["a"], f3: 3 }], ["label_values"]);
    expect(tensors).toEqual({ label_values: { dtype: "DT_STRING", shape: [1, 3], data: ["3", "2", "1"] } });
  });

  it("takes numeric strings like Python's float() and '' as 0 when the metadata has no mean", async () => {
    const [a, b] = await forest.predictInstances([
      { f1: "a", f2: "b", f3: " 6.0 " },
      { f1: "a", f2: "b", f3: 6 },
    ]);
    expect(a).toBe(b);
    const [empty, zero] = await forest.predictInstances([
      { f1: "a", f2: "b", f3: "" },
      { f1: "a", f2: "b", f3: 0 },
    ]);
    expect(empty).toBe(zero);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the row and the feature", async () => {
    const bad = async (instances: unknown[]) => rejection(regressor.predictInstances(instances));
    expect(
      await bad([
        { f1: "a", f2: [], f3: 1 },
        { f1: "a", f3: 1, f4: 2 },
      ]),
    ).toMatchObject({
      code: "INVALID_ARGUMENT",
      message:
        "Row 1 lacks f2 and has f4 which the model does not take; the model's features are f1, f2, f3.",
    });
    expect((await bad([{ f1: "a", f2: "a", f3: 1 }])).message).toBe(
      'The feature f2 in row 0 is not an array (got "a").',
    );
    expect((await bad([{ f1: "a", f2: [], f3: "abc" }])).message).toMatch(
      /f3 in row 0 cannot be converted to float/,
    );
    expect((await bad([{ f1: "a", f2: [], f3: null }])).message).toMatch(
      /f3 in row 0 cannot be converted .*null/,
    );
    expect((await bad("rows" as unknown as unknown[])).message).toBe(
      "Instances must be a list with one object per row.",
    );
    expect((await bad([7])).message).toMatch(
      /Row 0 is not an object; send \{"f1": \.\.\., "f2": \.\.\., "f3": \.\.\.\}/,
    );
  });

  it("rejects unknown signatures and outputs, missing inputs and wrong shapes", async () => {
    const inputs = { f1: strings(["b"]), f2: strings(["a"], [1, 1]), f3: doubles([3]) };
    expect(await rejection(regressor.run("predict", inputs, []))).toMatchObject({ code: "NOT_FOUND" });
    expect((await rejection(regressor.run("serving_default", inputs, ["scores"]))).message).toMatch(
      /Output scores is not in the signature; outputs: predicted_label/,
    );
    const { f3: _, ...noF3 } = inputs;
    expect((await rejection(regressor.run("serving_default", noF3, ["predicted_label"]))).message).toMatch(
      /Input f3 is missing/,
    );
    const flat = { ...inputs, f2: strings(["a"]) };
    expect((await rejection(regressor.run("serving_default", flat, ["predicted_label"]))).message).toBe(
      "Input f2 has shape [1]; the model takes [-1, -1].",
    );
    const uneven = { ...inputs, f3: doubles([1, 2]) };
    expect((await rejection(regressor.run("serving_default", uneven, ["predicted_label"]))).message).toMatch(
      /has 2 rows, other inputs have 1/,
    );
  });
});

describe("booster exports from the builder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-booster-servable-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const leafOn = (feature: number, threshold: number) => ({
    group: 0,
    root: { feature, threshold, defaultLeft: false, left: { leaf: -1 }, right: { leaf: 1 } },
  });

  it("a binary:logistic classifier gives [1 - p, p] in class_names order", async () => {
    const folder = join(dir, "binary");
    await writeBoosterExport(folder, {
      modelType: "boosted_tree_classifier",
      labelCol: "churned",
      classNames: ["no", "yes"],
      features: [{ name: "x", kind: "numeric" }],
      booster: { objective: "binary:logistic", baseScore: 0, numFeature: 1, trees: [leafOn(0, 0.5)] },
    });
    const servable = await loadBoosterModel(folder);
    const [low, high] = (await servable.predictInstances([0, 1])) as {
      predicted_churned: string;
      churned_probs: number[];
    }[];
    const p = Math.fround(1 / (1 + Math.exp(1)));
    expect(low!.churned_probs).toEqual([Math.fround(1 - p), p]);
    expect(low!.predicted_churned).toBe("no");
    expect(high!.predicted_churned).toBe("yes");
  });

  it("categorical values compare as Python's str(): the number 2 matches the line '2'", async () => {
    const folder = join(dir, "numbers-as-categories");
    await writeBoosterExport(folder, {
      modelType: "random_forest_regressor",
      labelCol: "y",
      features: [{ name: "code", kind: "label", vocabulary: ["_null_filler", "1", "2", "True"] }],
      booster: {
        objective: "reg:squarederror",
        baseScore: 0,
        numFeature: 1,
        trees: [leafOn(0, 1.5)],
        version: [1, 0],
      },
    });
    const servable = await loadBoosterModel(folder);
    expect(
      await servable.predictInstances([
        { code: 2 },
        { code: "2" },
        { code: 1 },
        { code: true },
        { code: "9" },
      ]),
    ).toEqual([1, 1, -1, 1, 1]);
  });

  it("refuses metadata whose classes do not match the booster's output groups", async () => {
    const folder = join(dir, "mismatch");
    await writeBoosterExport(folder, {
      modelType: "boosted_tree_classifier",
      labelCol: "y",
      classNames: ["a", "b", "c"],
      features: [{ name: "x", kind: "numeric" }],
      booster: { objective: "binary:logistic", baseScore: 0, numFeature: 1, trees: [leafOn(0, 0.5)] },
    });
    expect(await rejection(loadBoosterModel(folder))).toMatchObject({
      code: "MODEL_FORMAT_INVALID",
      message: expect.stringMatching(
        /disagree: 3 class names with objective binary:logistic and 1 output groups/,
      ),
    });
  });

  it("refuses more encoded columns than the booster was trained on", async () => {
    const folder = join(dir, "too-wide");
    await writeBoosterExport(folder, {
      modelType: "boosted_tree_regressor",
      labelCol: "y",
      features: [{ name: "c", kind: "one_hot", vocabulary: ["_null_filler", "a", "b"] }],
      booster: { objective: "reg:linear", baseScore: 0, numFeature: 2, trees: [leafOn(0, 0.5)] },
    });
    expect((await rejection(loadBoosterModel(folder))).message).toMatch(
      /encode 3 columns but model\.bst was trained on 2/,
    );
  });
});
