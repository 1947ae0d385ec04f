import type { SignatureSpec } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { checkValue } from "./input-validation.js";
import { initialPredictState, MAX_HISTORY, predictInstance, predictReducer } from "./predict-reducer.js";

const tip: SignatureSpec = {
  methodName: "tensorflow/serving/predict",
  inputs: Object.fromEntries(
    [
      ["passenger_count", "DT_DOUBLE"],
      ["trip_distance", "DT_DOUBLE"],
      ["PULocationID", "DT_STRING"],
      ["DOLocationID", "DT_STRING"],
      ["payment_type", "DT_STRING"],
      ["fare_amount", "DT_DOUBLE"],
      ["tolls_amount", "DT_DOUBLE"],
    ].map(([name, dtype]) => [name, { name: `${name}:0`, dtype: dtype as "DT_DOUBLE", shape: [-1, 1] }]),
  ),
  outputs: { predicted_tip_amount: { name: "out:0", dtype: "DT_DOUBLE", shape: [-1, 1] } },
};
const target = { deploymentId: "tip", model: "tip_model", endpoint: "http://127.0.0.1:1" };

function withSignature(signature: SignatureSpec) {
  const s = predictReducer(initialPredictState, { type: "predict/target", target });
  return predictReducer(s, { type: "predict/signature", name: "serving_default", signature });
}

describe("predictReducer", () => {
  it("builds one field per input with its dtype, prefilled with the seed's request for tip_model", () => {
    const s = withSignature(tip);
    expect(s.form.fields.map((f) => [f.name, f.hint, f.value])).toContainEqual([
      "trip_distance",
      "DT_DOUBLE",
      "12.2",
    ]);
    expect(predictInstance(s).instance).toEqual({
      passenger_count: 1,
      trip_distance: 12.2,
      PULocationID: "193",
      DOLocationID: "264",
      payment_type: "2",
      fare_amount: 20.4,
      tolls_amount: 0,
    });
  });

  it("leaves other signatures empty and flags bad values as the user types", () => {
    const other: SignatureSpec = {
      methodName: "m",
      inputs: {
        n: { name: "n:0", dtype: "DT_INT64", shape: null },
        s: { name: "s:0", dtype: "DT_STRING", shape: null },
      },
      outputs: {},
    };
    let s = withSignature(other);
    expect(s.form.fields.map((f) => f.value)).toEqual(["", ""]);
    s = predictReducer(s, { type: "predict/type", text: "1.5" });
    expect(s.form.fields[0]?.error).toBe("an integer");
    s = predictReducer(s, { type: "predict/backspace" });
    s = predictReducer(s, { type: "predict/backspace" });
    expect(s.form.fields[0]?.error).toBeUndefined();
    const refused = predictInstance(predictReducer(s, { type: "predict/next-field", delta: 1 }));
    expect(refused.instance).toEqual({ n: 1, s: "" });
    expect(predictInstance(withSignature(other)).form.fields[0]?.error).toBe("an integer");
  });

  it("records answers and failures in the history, newest first and bounded", () => {
    let s = withSignature(tip);
    s = predictReducer(s, { type: "predict/sending" });
    s = predictReducer(s, { type: "predict/answered", response: "[[1]]", latencyMs: 3, at: "t1" });
    s = predictReducer(s, { type: "predict/failed", error: "SERVING_ERROR: bad", latencyMs: 2, at: "t2" });
    expect(s.history.map((h) => [h.at, h.ok])).toEqual([
      ["t2", false],
      ["t1", true],
    ]);
    expect(s).toMatchObject({ sending: false, error: "SERVING_ERROR: bad", response: undefined });
    for (let i = 0; i < MAX_HISTORY + 5; i++)
      s = predictReducer(s, { type: "predict/answered", response: "x", latencyMs: 1, at: `${i}` });
    expect(s.history).toHaveLength(MAX_HISTORY);
  });

  it("checks values by dtype", () => {
    expect(checkValue("DT_FLOAT", "abc")).toBe("a number");
    expect(checkValue("DT_FLOAT", "-1e3")).toBeUndefined();
    expect(checkValue("DT_BOOL", "yes")).toBe("true or false");
    expect(checkValue("DT_STRING", "anything")).toBeUndefined();
  });
});
