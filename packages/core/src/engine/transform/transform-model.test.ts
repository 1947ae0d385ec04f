import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import type { Servable } from "../../protocol/servable.js";
import { isServingError } from "../../protocol/serving-error.js";
import { defaultKernels } from "../kernels/default-kernels.js";
import { KernelRegistry } from "../kernels/registry.js";
import { loadSavedModelServable } from "../load-servable.js";
import { rowsOf } from "../testing/row-tensors.js";
import { loadTransformModel } from "./load-transform-model.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions: unknown[];
  tolerance: number;
}

const MODELS = ["linear_reg_transform", "dnn_classifier_transform", "dnn_classifier_binary_transform"];

/** Floats within an absolute tolerance (the golden entries' rule), everything else equal. */
function expectNear(actual: unknown, expected: unknown, tol: number, path: string): void {
  if (typeof expected === "number" && !Number.isInteger(expected)) {
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      tol,
    );
  } else if (Array.isArray(expected)) {
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => {
      expectNear((actual as unknown[])[i], e, tol, `${path}[${i}]`);
    });
  } else if (typeof expected === "object" && expected !== null) {
    for (const [k, e] of Object.entries(expected))
      expectNear((actual as Record<string, unknown>)[k], e, tol, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

/** The row-format predictions of a servable's outputs (one object per row, or the lone output). */
function rows(out: Record<string, import("../../protocol/tensor.js").Tensor>, n: number): unknown[] {
  const keys = Object.keys(out).sort();
  return Array.from({ length: n }, (_, r) =>
    keys.length === 1
      ? rowsOf(out[keys[0]!]!)[r]
      : Object.fromEntries(keys.map((k) => [k, rowsOf(out[k]!)[r]])),
  );
}

describe.runIf(haveSharedModels("TRANSFORM exports in the engine"))("TRANSFORM models in the engine", () => {
  const servables = new Map<string, Servable>();
  const entries = () =>
    (sharedExpectations() as Expectation[]).filter((e) => MODELS.includes(e.model) && e.predictions);

  beforeAll(async () => {
    for (const m of MODELS) servables.set(m, await loadTransformModel(sharedModel(m)));
  });

  for (const model of MODELS) {
    it(`${model}: raw rows through transform/ then the model give Google's predictor's golden values`, async () => {
      const servable = servables.get(model)!;
      const golden = entries().filter(
        (e) => e.model === model && e.protocol === "bigquery_ml_utils_predictor",
      );
      expect(golden.length).toBe(1);
      for (const entry of golden) {
        const keys = Object.keys(servable.signatures.serving_default!.outputs);
        const out = await servable.runJson!("serving_default", "row", entry.instances, keys);
        expectNear(rows(out, entry.instances.length), entry.predictions, entry.tolerance, "$");
      }
    });
  }

  it("serves the TRANSFORM's inputs under every model signature, plus serving_default", () => {
    const binary = servables.get("dnn_classifier_binary_transform")!;
    expect(Object.keys(binary.signatures).sort()).toEqual(["predict", "serving_default"]);
    expect(Object.keys(binary.signatures.serving_default!.outputs).sort()).toEqual([
      "all_class_ids",
      "all_classes",
      "class_ids",
      "classes",
      "logistic",
      "logits",
      "probabilities",
    ]);
    const linear = servables.get("linear_reg_transform")!.signatures.serving_default!;
    expect(linear.inputs.f1!.dtype).toBe("DT_INT64");
    expect(Object.keys(linear.inputs).sort()).toEqual(["f1", "f2", "f3"]);
  });

  it("accepts the columnar form and typed tensors too", async () => {
    const servable = servables.get("linear_reg_transform")!;
    const out = await servable.runJson!(
      "serving_default",
      "columnar",
      { f1: [1, 2], f2: [2.5, 3.5], f3: ["aaa", "bbb"] },
      ["predicted_label_reg_lin"],
    );
    expectNear(rowsOf(out.predicted_label_reg_lin!), [[10.310742], [11.064549]], 1e-5, "$");
    const typed = await servable.run(
      "serving_default",
      {
        f1: { dtype: "DT_INT64", shape: [1], data: new Float64Array([1]) },
        f2: { dtype: "DT_DOUBLE", shape: [1], data: new Float64Array([2.5]) },
        f3: { dtype: "DT_STRING", shape: [1], data: ["aaa"] },
      },
      ["predicted_label_reg_lin"],
    );
    expectNear(rowsOf(typed.predicted_label_reg_lin!), [[10.310742]], 1e-5, "$");
  });

  it.each([
    ["a missing input", { f1: 1, f2: 2.5 }, /missing the TRANSFORM input "f3"/],
    [
      "an extra key",
      { f1: 1, f2: 2.5, f3: "a", extra_feature: 0 },
      /^"extra_feature" in not an input of the TRANSFORM\./,
    ],
    ["1.5 for INT64", { f1: 1.5, f2: 2.5, f3: "a" }, /"f1" is INT64.*1\.5/],
    [
      "mismatched ranks",
      { f1: [1, 2], f2: 2.5, f3: "a" },
      /^Ranks of all input tensors should match: input "f1"/,
    ],
  ])("rejects %s with a 400 naming the key", async (_what, row, message) => {
    const servable = servables.get("linear_reg_transform")!;
    const error = await servable.runJson!("serving_default", "row", [row], ["predicted_label_reg_lin"]).catch(
      (e: unknown) => e,
    );
    expect(isServingError(error) && error.httpStatus).toBe(400);
    expect((error as Error).message).toMatch(message);
  });

  it("noTransform: the model folder alone gives the oracle's values for transformed rows", async () => {
    const model = await loadSavedModelServable(sharedModel("linear_reg_transform"));
    const entry = entries().find(
      (e) => e.model === "linear_reg_transform" && e.protocol === "tf_serving_rest_row",
    )!;
    const out = await model.run(
      "serving_default",
      {
        f1: {
          dtype: "DT_DOUBLE",
          shape: [2],
          data: Float64Array.from(entry.instances.map((r) => r.f1 as number)),
        },
        f2: {
          dtype: "DT_DOUBLE",
          shape: [2],
          data: Float64Array.from(entry.instances.map((r) => r.f2 as number)),
        },
        string_col: {
          dtype: "DT_STRING",
          shape: [2],
          data: entry.instances.map((r) => r.string_col as string),
        },
      },
      ["predicted_label_reg_lin"],
    );
    expectNear(rowsOf(out.predicted_label_reg_lin!), entry.predictions, 1e-6 * 11, "$");
  });

  it("an op without a kernel is a load-time UNSUPPORTED_OP naming it", async () => {
    const all = defaultKernels();
    const kernels = new KernelRegistry(
      all
        .ops()
        .filter((op) => op !== "Mul")
        .map((op) => [op, all.get(op)!] as const),
    );
    const error = await loadTransformModel(sharedModel("linear_reg_transform"), { kernels }).catch(
      (e: unknown) => e,
    );
    expect(isBqdeployError(error) && error.code).toBe("UNSUPPORTED_OP");
    expect((error as Error).message).toContain("Mul");
    expect((error as Error).message).toContain("transform");
  });
});
