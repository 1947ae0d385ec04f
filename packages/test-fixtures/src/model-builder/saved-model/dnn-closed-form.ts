import type { Instance } from "./closed-form.js";
import { encodeRow } from "./closed-form.js";
import type { DenseLayer, DnnClassifierSpec } from "./dnn-classifier.js";

export interface DnnPrediction {
  logits: number[];
  probabilities: number[];
  /** Present for two classes: sigmoid of the single logit. */
  logistic?: number[];
  classIds: number;
  classes: string;
}

const f = Math.fround;

/** x W + b in float32: each multiply-add rounded to float32, summed in input order (as MatMul). */
function dense(x: readonly number[], layer: DenseLayer): number[] {
  const units = layer.biases.length;
  return layer.biases.map((b, j) => {
    let acc = 0;
    for (let i = 0; i < x.length; i++)
      acc = f(acc + (x[i] as number) * f(layer.weights[i * units + j] as number));
    return f(acc + f(b));
  });
}

function softmax(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => f(Math.exp(f(v - max))));
  const inverse = f(1 / e.reduce((s, v) => f(s + v), 0));
  return e.map((v) => f(v * inverse));
}

/** What a dnn_classifier export built by buildDnnClassifierModel predicts for `instance`. */
export function closedFormDnn(spec: DnnClassifierSpec, instance: Instance): DnnPrediction {
  let x = encodeRow(spec.features, instance);
  for (const layer of spec.hidden) x = dense(x, layer).map((v) => (v > 0 ? v : 0));
  const logits = dense(x, spec.logits);
  const two = spec.classes.length === 2;
  const scores = two ? [0, logits[0] as number] : logits;
  const probabilities = softmax(scores);
  let best = 0;
  for (let k = 1; k < scores.length; k++) if ((scores[k] as number) > (scores[best] as number)) best = k;
  return {
    logits,
    probabilities,
    ...(two ? { logistic: [f(1 / (1 + Math.exp(-(logits[0] as number))))] } : {}),
    classIds: best,
    classes: spec.classes[best] as string,
  };
}
