import { describe, expect, it } from "vitest";
import { encodePredictResponse } from "./predict-response.js";
import type { Tensor } from "./tensor.js";

const tip: Tensor = { dtype: "DT_DOUBLE", shape: [2, 1], data: new Float64Array([-0.4326289662712952, 2.5]) };

describe("encodePredictResponse", () => {
  it("writes [-1, 1] outputs as one-element lists per instance", () => {
    expect(encodePredictResponse({ predicted_tip_amount: tip }, "row")).toBe(
      '{\n    "predictions": [[-0.43262896627129521], [2.5]\n    ]\n}',
    );
  });

  it("writes one object per instance for several outputs, b64 for _bytes", () => {
    const outputs: Record<string, Tensor> = {
      species: { dtype: "DT_STRING", shape: [2], data: ["setosa", "virginica"] },
      probs: { dtype: "DT_FLOAT", shape: [2, 2], data: new Float32Array([0.25, 0.75, 0.5, 0.5]) },
      raw_bytes: { dtype: "DT_STRING", shape: [2], data: ["\u0000", "a"] },
    };
    const text = encodePredictResponse(outputs, "row");
    expect(JSON.parse(text)).toEqual({
      predictions: [
        { probs: [0.25, 0.75], raw_bytes: { b64: "AA==" }, species: "setosa" },
        { probs: [0.5, 0.5], raw_bytes: { b64: "YQ==" }, species: "virginica" },
      ],
    });
    expect(text).toContain('\n        {\n            "probs": [0.25, 0.75],\n');
  });

  it("writes columnar outputs as the bare tensor or an object", () => {
    expect(JSON.parse(encodePredictResponse({ predicted_tip_amount: tip }, "columnar"))).toEqual({
      outputs: [[-0.4326289662712952], [2.5]],
    });
    const two = { a: tip, b: { dtype: "DT_INT64", shape: [], data: new Float64Array([7]) } as Tensor };
    expect(JSON.parse(encodePredictResponse(two, "columnar"))).toEqual({
      outputs: { a: [[-0.4326289662712952], [2.5]], b: 7 },
    });
  });

  it("refuses outputs with different batch sizes", () => {
    const other: Tensor = { dtype: "DT_DOUBLE", shape: [3], data: new Float64Array(3) };
    expect(() => encodePredictResponse({ a: tip, b: other }, "row")).toThrow(
      "Tensor name: b has inconsistent batch size: 3 expecting: 2",
    );
  });

  it("emits NaN and Infinity tokens", () => {
    const t: Tensor = {
      dtype: "DT_DOUBLE",
      shape: [2],
      data: new Float64Array([Number.NaN, Number.POSITIVE_INFINITY]),
    };
    expect(encodePredictResponse({ y: t }, "row")).toBe('{\n    "predictions": [NaN, Infinity\n    ]\n}');
  });
});
