import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import type { Servable } from "../protocol/servable.js";
import { loadSavedModelServable } from "./load-servable.js";
import { rowsOf, rowTensors } from "./testing/row-tensors.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions?: unknown[];
  expected_error?: string;
  tolerance?: number;
}

const MODELS = [
  "tip_model/tf2.21",
  "tip_model_float",
  "tip_model_misspelled",
  "iris_logistic_reg",
  "linear_reg_transform",
];

/** Numbers within tol * max(1, |expected|) (the README's rule), strings exact, same structure. */
function expectClose(actual: unknown, expected: unknown, tol: number, path = "prediction"): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    const bound = tol * Math.max(1, Math.abs(expected));
    expect(Math.abs((actual as number) - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      bound,
    );
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => {
      expectClose((actual as unknown[])[i], e, tol, `${path}[${i}]`);
    });
  } else if (typeof expected === "object" && expected !== null) {
    for (const [k, e] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[k], e, tol, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe.runIf(haveSharedModels("engine: real BigQuery ML exports"))("engine on ../shared/models", () => {
  const servables = new Map<string, Servable>();
  const cases = () =>
    (sharedExpectations() as Expectation[]).filter(
      (e) => e.protocol === "tf_serving_rest_row" && MODELS.includes(e.model),
    );

  beforeAll(async () => {
    for (const model of MODELS) servables.set(model, await loadSavedModelServable(sharedModel(model)));
  });

  it("covers every tf_serving_rest_row expectation of the linear and logistic exports", () => {
    expect(cases().length).toBe(6);
  });

  for (const model of MODELS) {
    it(`${model}: predictions match expected.json`, async () => {
      const servable = servables.get(model)!;
      const spec = servable.signatures.serving_default!;
      let checked = 0;
      for (const entry of cases().filter((e) => e.model === model && e.predictions)) {
        const outputKeys = Object.keys(spec.outputs).sort();
        const out = await servable.run("serving_default", rowTensors(spec, entry.instances), outputKeys);
        const rows = entry.instances.map((_, r) =>
          outputKeys.length === 1
            ? rowsOf(out[outputKeys[0]!]!)[r]
            : Object.fromEntries(outputKeys.map((k) => [k, rowsOf(out[k]!)[r]])),
        );
        expectClose(rows, entry.predictions, entry.tolerance ?? 1e-6);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it("keeps the [-1, 1] output shape so the codec prints [[x]]", async () => {
    const servable = servables.get("tip_model/tf2.21")!;
    const spec = servable.signatures.serving_default!;
    expect(spec.outputs.predicted_tip_amount).toEqual({
      name: "compute:0",
      dtype: "DT_DOUBLE",
      shape: [-1, 1],
    });
    const entry = cases().find((e) => e.model === "tip_model/tf2.21")!;
    const out = await servable.run("serving_default", rowTensors(spec, entry.instances.slice(0, 1)), [
      "predicted_tip_amount",
    ]);
    expect(out.predicted_tip_amount!.shape).toEqual([1, 1]);
  });

  it("tip_model_misspelled: passenger_count is not an input, so the seed request is refused", async () => {
    const servable = servables.get("tip_model_misspelled")!;
    const spec = servable.signatures.serving_default!;
    const entry = cases().find((e) => e.model === "tip_model_misspelled" && e.expected_error)!;
    expect(entry.expected_error).toContain("does not have named input: passenger_count");
    expect(Object.keys(spec.inputs)).toContain("pasenger_count");
    expect(Object.keys(spec.inputs)).not.toContain("passenger_count");
    const tensors = rowTensors(
      { ...spec, inputs: { ...spec.inputs, passenger_count: spec.inputs.pasenger_count! } },
      entry.instances,
    );
    delete tensors.pasenger_count;
    const error = await servable
      .run("serving_default", tensors, ["predicted_tip_amount"])
      .catch((e: unknown) => e);
    expect(isBqdeployError(error) && error.code).toBe("INVALID_ARGUMENT");
    expect((error as Error).message).toMatch(
      /^input tensor alias not found in signature: passenger_count\. Inputs expected to be in the set \{DOLocationID,PULocationID,fare_amount,pasenger_count,/,
    );
  });

  it("tip_model_float takes DT_FLOAT inputs (Float32Array)", () => {
    const spec = servables.get("tip_model_float")!.signatures.serving_default!;
    expect(spec.inputs.fare_amount!.dtype).toBe("DT_FLOAT");
  });

  it("iris: logistic outputs have the signature's dtypes and shapes", async () => {
    const servable = servables.get("iris_logistic_reg")!;
    const spec = servable.signatures.serving_default!;
    const row = { sepal_length: 5, sepal_width: 2, petal_length: 3.5, petal_width: 1 };
    const out = await servable.run("serving_default", rowTensors(spec, [row, row]), [
      "predicted_species",
      "species_probs",
      "species_values",
    ]);
    expect(out.predicted_species!.shape).toEqual([2, 1]);
    expect(out.species_probs!.shape).toEqual([2, 3]);
    expect(out.species_probs!.data).toBeInstanceOf(Float64Array);
    expect(out.species_values!.data).toEqual([
      "virginica",
      "versicolor",
      "setosa",
      "virginica",
      "versicolor",
      "setosa",
    ]);
  });
});
