import { haveSharedModels, sharedExpectations } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { encodePredictResponse } from "./predict-response.js";
import type { Tensor } from "./tensor.js";

interface Entry {
  model: string;
  protocol: string;
  predictions?: unknown[];
  tf_serving_body?: string;
}

// The recorded TF Serving bodies in ../shared/models/expected.json, rebuilt from their values.
describe.runIf(haveSharedModels("TF Serving response bodies"))(
  "encodePredictResponse vs recorded bodies",
  () => {
    const entries = (sharedExpectations() as Entry[]).filter(
      (e) => e.tf_serving_body && (e.model.startsWith("tip_model") || e.model === "linear_reg_transform"),
    );

    it.each(entries.map((e) => [e.model, e] as const))("%s: byte for byte", (_, entry) => {
      const values = (entry.predictions as number[][]).map((p) => p[0]!);
      const output: Tensor = {
        dtype: "DT_DOUBLE",
        shape: [values.length, 1],
        data: Float64Array.from(values),
      };
      expect(encodePredictResponse({ predicted: output }, "row")).toBe(entry.tf_serving_body);
    });
  },
);

describe.runIf(haveSharedModels("TF Serving multi-output body"))("encodePredictResponse: iris body", () => {
  it("rebuilds the three-output body byte for byte", () => {
    const entry = (sharedExpectations() as Entry[]).find(
      (e) => e.model === "iris_logistic_reg" && e.tf_serving_body,
    )!;
    const rows = entry.predictions as {
      predicted_species: string[];
      species_probs: number[];
      species_values: string[];
    }[];
    const n = rows.length;
    const outputs: Record<string, Tensor> = {
      predicted_species: {
        dtype: "DT_STRING",
        shape: [n, 1],
        data: rows.flatMap((r) => r.predicted_species),
      },
      species_probs: {
        dtype: "DT_DOUBLE",
        shape: [n, 3],
        data: Float64Array.from(rows.flatMap((r) => r.species_probs)),
      },
      species_values: { dtype: "DT_STRING", shape: [n, 3], data: rows.flatMap((r) => r.species_values) },
    };
    expect(encodePredictResponse(outputs, "row")).toBe(entry.tf_serving_body);
  });
});
