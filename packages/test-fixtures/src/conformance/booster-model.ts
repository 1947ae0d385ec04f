import { expect } from "vitest";
import type { BoosterExportSpec, BuilderFeature } from "../model-builder/booster/index.js";
import type { ConformanceModel, ConformanceTensor, Instance } from "./model.js";

/** What a booster's description needs of its export: the model type, label, classes and features. */
export interface BoosterDescription {
  name: string;
  modelType: BoosterExportSpec["modelType"];
  labelCol: string;
  classNames?: readonly string[];
  features: readonly Pick<BuilderFeature, "name" | "kind">[];
  instances: readonly [Instance, ...Instance[]];
}

/** The signature input BigQuery ML's predictor takes for a feature: a number, a string, or a list of strings. */
function featureInput(kind: BuilderFeature["kind"]): ConformanceTensor {
  switch (kind) {
    case "numeric":
      return { dtype: "DT_DOUBLE", shape: [-1] };
    case "multi_hot":
    case "array_target":
      return { dtype: "DT_STRING", shape: [-1, -1] };
    default:
      return { dtype: "DT_STRING", shape: [-1] };
  }
}

/**
 * Describes a served BigQuery ML booster (boosted tree or random forest) for the conformance suite. One
 * input per feature; the outputs Google's predictor returns: a regressor gives `predicted_<label>`, one
 * number per row; a classifier gives `predicted_<label>` (one of the classes), `<label>_values` (the
 * classes) and `<label>_probs` (one probability per class, summing to 1, the largest the predicted one).
 * Row checks are the predictor's (a 400 naming the key), not TF Serving's.
 */
export function boosterConformanceModel(d: BoosterDescription): ConformanceModel {
  const inputs = Object.fromEntries(d.features.map((f) => [f.name, featureInput(f.kind)]));
  const predicted = `predicted_${d.labelCol}`;
  const classes = d.classNames;
  if (!d.modelType.endsWith("_classifier") || !classes) {
    return {
      name: d.name,
      inputs,
      outputs: { [predicted]: { dtype: "DT_DOUBLE", shape: [-1] } },
      instances: d.instances,
      inputErrors: "bigquery_ml_predictor",
    };
  }
  const values = `${d.labelCol}_values`;
  const probs = `${d.labelCol}_probs`;
  const k = classes.length;
  return {
    name: d.name,
    inputs,
    outputs: {
      [predicted]: { dtype: "DT_STRING", shape: [-1] },
      [values]: { dtype: "DT_STRING", shape: [-1, k] },
      [probs]: { dtype: "DT_DOUBLE", shape: [-1, k] },
    },
    instances: d.instances,
    inputErrors: "bigquery_ml_predictor",
    checkPrediction(row) {
      const r = row as Record<string, unknown>;
      expect(r[values]).toEqual(classes);
      const p = r[probs] as number[];
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      for (const x of p) expect(x >= 0 && x <= 1, `probability ${x}`).toBe(true);
      expect(r[predicted]).toBe(classes[p.indexOf(Math.max(...p))]);
    },
  };
}
