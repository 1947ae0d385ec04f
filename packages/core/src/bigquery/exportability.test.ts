import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { planExport } from "./exportability.js";

const code = (fn: () => unknown): string => {
  try {
    fn();
    return "ok";
  } catch (error) {
    return isBqdeployError(error) ? error.code : "other";
  }
};

describe("planExport", () => {
  it("maps model types to formats", () => {
    expect(planExport({ modelType: "LINEAR_REGRESSION" }, "m", "auto").format).toBe("ML_TF_SAVED_MODEL");
    expect(planExport({ modelType: "DNN_CLASSIFIER" }, "m", "tf").format).toBe("ML_TF_SAVED_MODEL");
    expect(planExport({ modelType: "BOOSTED_TREE_REGRESSOR" }, "m", "auto").format).toBe(
      "ML_XGBOOST_BOOSTER",
    );
    expect(planExport({ modelType: "RANDOM_FOREST_CLASSIFIER" }, "m", "xgboost").format).toBe(
      "ML_XGBOOST_BOOSTER",
    );
  });

  it.each([
    "AUTOML_CLASSIFIER",
    "AUTOML_REGRESSOR",
    "ARIMA_PLUS",
    "ARIMA",
    "CONTRIBUTION_ANALYSIS",
    undefined,
  ])("refuses %s", (modelType) => {
    expect(code(() => planExport(modelType ? { modelType } : {}, "p:d.m", "auto"))).toBe(
      "MODEL_NOT_EXPORTABLE",
    );
  });

  it("says why and what to do", () => {
    expect(() => planExport({ modelType: "AUTOML_CLASSIFIER" }, "p:d.m", "auto")).toThrow(/Vertex AI/);
    expect(() => planExport({ modelType: "ARIMA_PLUS" }, "p:d.m", "auto")).toThrow(/ML\.FORECAST/);
    expect(() => planExport({ modelType: "BOOSTED_TREE_CLASSIFIER" }, "p:d.m", "tf")).toThrow(
      /format xgboost/,
    );
  });

  it.each(["ARRAY", "TIMESTAMP", "GEOGRAPHY"])("refuses a %s feature, naming the column", (typeKind) => {
    const model = {
      modelType: "LINEAR_REGRESSION",
      featureColumns: [
        { name: "ok", type: { typeKind: "FLOAT64" } },
        { name: "bad_col", type: { typeKind } },
      ],
    };
    expect(() => planExport(model, "p:d.m", "auto")).toThrow(new RegExp(`bad_col \\(${typeKind}\\)`));
  });

  it("warns about a TRANSFORM model's transform/ folder", () => {
    const plan = planExport(
      { modelType: "LINEAR_REGRESSION", transformColumns: [{ name: "f" }] },
      "p:d.m",
      "auto",
    );
    expect(plan.warnings.join()).toMatch(/transform\//);
  });
});
