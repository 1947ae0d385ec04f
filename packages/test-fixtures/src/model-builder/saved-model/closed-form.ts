import type { FeatureSpec } from "./feature-spec.js";
import { EMPTY_STRING_REPLACEMENT, sortedFeatures } from "./feature-spec.js";
import type { LinearRegSpec } from "./linear-reg.js";
import type { LogisticRegSpec } from "./logistic-reg.js";

/** One row as a TF Serving instance: feature name -> value. */
export type Instance = Record<string, string | number>;

/**
 * The model input row as the exported graph computes it, in float32 like the graph's ConcatV2:
 * strings ('' replaced by __empty_string_replacement__) one-hot by vocabulary line (unknown -> all
 * zero), numbers rounded to float32 (Math.fround), blocks in sorted feature-name order.
 */
export function encodeRow(features: readonly FeatureSpec[], instance: Instance): number[] {
  const row: number[] = [];
  for (const f of sortedFeatures(features)) {
    const value = instance[f.name];
    if (value === undefined) throw new Error(`closed form: the instance has no "${f.name}"`);
    if (f.kind === "numeric") {
      row.push(Math.fround(Number(value)));
      continue;
    }
    const key = value === "" ? EMPTY_STRING_REPLACEMENT : String(value);
    const hit = f.vocabulary.indexOf(key);
    for (let i = 0; i < f.vocabulary.length; i++) row.push(i === hit ? 1 : 0);
  }
  return row;
}

/** x . w in double, summed in index order (MatMul of the double cast), plus the intercept. */
function linear(row: readonly number[], weights: readonly number[], intercept: number): number {
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += (row[i] as number) * (weights[i] as number);
  return sum + intercept;
}

/** What a linear_reg export built by buildLinearRegModel predicts for `instance` (output [[value]]). */
export function closedFormLinear(spec: LinearRegSpec, instance: Instance): number {
  return linear(encodeRow(spec.features, instance), spec.weights, spec.intercept);
}

export interface LogisticPrediction {
  /** The class with the largest probability (the first on ties, as ArgMax). */
  predicted: string;
  /** Softmax of the logits in double, in class order. */
  probs: number[];
  /** The class labels, in order. */
  labels: string[];
}

/** What a logistic_reg export built by buildLogisticRegModel predicts for `instance`. */
export function closedFormLogistic(spec: LogisticRegSpec, instance: Instance): LogisticPrediction {
  const row = encodeRow(spec.features, instance);
  const logits = spec.classes.map((_, k) =>
    linear(row, spec.weights[k] as number[], spec.intercepts[k] as number),
  );
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / total);
  let best = 0;
  for (let k = 1; k < logits.length; k++) if ((logits[k] as number) > (logits[best] as number)) best = k;
  return { predicted: spec.classes[best] as string, probs, labels: [...spec.classes] };
}
