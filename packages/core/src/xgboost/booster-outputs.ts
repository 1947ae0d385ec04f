import { BqdeployError } from "../errors/index.js";
import type { Tensor, TensorSpec } from "../protocol/index.js";
import type { BoosterMetadata } from "./model-metadata.js";
import { type Objective, softmaxInPlace } from "./objective.js";

/**
 * Shapes margins into BigQuery ML's predictions, as Google's predictor returns them:
 * a regressor gives `predicted_<label>` (one number per row); a classifier gives `predicted_<label>`,
 * `<label>_values` (the class names) and `<label>_probs` (one probability per class, in that order).
 */
export interface BoosterOutputs {
  specs: Record<string, TensorSpec>;
  /** Output tensors for `rows` rows of margins (rows x numGroup float32). */
  fromMargins(margins: Float32Array, rows: number): Record<string, Tensor>;
}

const spec = (name: string, dtype: TensorSpec["dtype"], shape: number[]): TensorSpec => ({
  name,
  dtype,
  shape,
});

export function boosterOutputs(
  metadata: BoosterMetadata,
  objective: Objective,
  numGroup: number,
): BoosterOutputs {
  const label = metadata.label_col;
  const predicted = `predicted_${label}`;
  const classes = metadata.class_names;
  if (!metadata.model_type.endsWith("_classifier") || !classes) {
    if (objective.kind === "softmax" || numGroup !== 1) {
      throw mismatch(`a regressor with objective ${objective.name} and ${numGroup} output groups`);
    }
    return {
      specs: { [predicted]: spec(predicted, "DT_DOUBLE", [-1]) },
      fromMargins(margins, rows) {
        const data = new Float64Array(rows);
        for (let r = 0; r < rows; r++) data[r] = objective.transform(margins[r]!);
        return { [predicted]: { dtype: "DT_DOUBLE", shape: [rows], data } };
      },
    };
  }
  const k = classes.length;
  const softmax = objective.kind === "softmax";
  if (softmax ? numGroup !== k : numGroup !== 1 || k !== 2) {
    throw mismatch(`${k} class names with objective ${objective.name} and ${numGroup} output groups`);
  }
  const values = `${label}_values`;
  const probs = `${label}_probs`;
  return {
    specs: {
      [predicted]: spec(predicted, "DT_STRING", [-1]),
      [values]: spec(values, "DT_STRING", [-1, k]),
      [probs]: spec(probs, "DT_DOUBLE", [-1, k]),
    },
    fromMargins(margins, rows) {
      const p = new Float32Array(rows * k);
      for (let r = 0; r < rows; r++) {
        if (softmax) {
          p.set(margins.subarray(r * k, r * k + k), r * k);
          softmaxInPlace(p, r * k, k);
        } else {
          // binary:logistic gives P(class 1); class_names[1] is label 1 (see the report: unconfirmed).
          const one = objective.transform(margins[r]!);
          p[r * 2] = 1 - one;
          p[r * 2 + 1] = one;
        }
      }
      const names: string[] = new Array(rows);
      for (let r = 0; r < rows; r++) {
        let best = 0;
        for (let c = 1; c < k; c++) if (p[r * k + c]! > p[r * k + best]!) best = c;
        names[r] = classes[best]!;
      }
      return {
        [predicted]: { dtype: "DT_STRING", shape: [rows], data: names },
        [values]: {
          dtype: "DT_STRING",
          shape: [rows, k],
          data: Array.from({ length: rows }, () => classes).flat(),
        },
        [probs]: { dtype: "DT_DOUBLE", shape: [rows, k], data: Float64Array.from(p) },
      };
    },
  };
}

function mismatch(what: string): BqdeployError {
  return new BqdeployError(
    "MODEL_FORMAT_INVALID",
    `model_metadata.json and model.bst disagree: ${what}. The folder mixes files from different exports; download it again.`,
  );
}

/** The TF Serving row encoding of these outputs: one value per row, or one object per row for several. */
export function outputRows(outputs: Record<string, Tensor>, rows: number): unknown[] {
  const names = Object.keys(outputs);
  const rowOf = (t: Tensor, r: number): unknown => {
    const inner = t.shape.slice(1).reduce((a, b) => a * b, 1);
    if (t.shape.length === 1) return t.data[r];
    return Array.from(t.data.slice(r * inner, r * inner + inner) as ArrayLike<unknown>);
  };
  return Array.from({ length: rows }, (_, r) => {
    if (names.length === 1) return rowOf(outputs[names[0]!]!, r);
    return Object.fromEntries(names.map((n) => [n, rowOf(outputs[n]!, r)]));
  });
}
