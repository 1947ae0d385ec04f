import { ServingError, type Tensor } from "@bqdeploy/core";
import { batchOf, type ScriptedModel, spec } from "./scripted-model.js";

const PREDICT = "tensorflow/serving/predict";

/**
 * The tip_model signature of a BigQuery ML linear_reg export (3 DT_STRING + 4 DT_DOUBLE inputs,
 * `predicted_tip_amount` DT_DOUBLE [-1, 1]) computing a simple linear formula of its own:
 * 0.15·fare + 0.1·distance + 0.05·passengers + 0.5·tolls + 1.5 if payment_type is "1"
 * + 0.001·(PULocationID mod 10) − 0.001·(DOLocationID mod 10).
 */
export function scriptedTipModel(): ScriptedModel {
  const strings = ["DOLocationID", "PULocationID", "payment_type"];
  const doubles = ["fare_amount", "passenger_count", "tolls_amount", "trip_distance"];
  return {
    signatures: {
      serving_default: {
        methodName: PREDICT,
        inputs: Object.fromEntries([
          ...strings.map((n) => [n, spec(n, "DT_STRING", [-1])] as const),
          ...doubles.map((n) => [n, spec(n, "DT_DOUBLE", [-1])] as const),
        ]),
        outputs: { predicted_tip_amount: { name: "compute:0", dtype: "DT_DOUBLE", shape: [-1, 1] } },
      },
    },
    compute(_signature, inputs) {
      const n = batchOf(inputs);
      const num = (name: string, i: number): number => Number(inputs[name]!.data[i]);
      const str = (name: string, i: number): string => String(inputs[name]!.data[i]);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        out[i] =
          0.15 * num("fare_amount", i) +
          0.1 * num("trip_distance", i) +
          0.05 * num("passenger_count", i) +
          0.5 * num("tolls_amount", i) +
          (str("payment_type", i) === "1" ? 1.5 : 0) +
          0.001 * ((Number.parseInt(str("PULocationID", i), 10) || 0) % 10) -
          0.001 * ((Number.parseInt(str("DOLocationID", i), 10) || 0) % 10);
      }
      return { predicted_tip_amount: { dtype: "DT_DOUBLE", shape: [n, 1], data: out } };
    },
  };
}

const SPECIES = ["virginica", "versicolor", "setosa"];
const FEATURES = ["petal_length", "petal_width", "sepal_length", "sepal_width"];
// Weights per class over FEATURES, then an intercept: chosen so the three classic irises separate.
const LOGITS = [
  [1.2, 2.0, -0.2, -0.5, -8],
  [0.4, 0.2, 0.1, -0.8, 0.5],
  [-1.5, -1.8, 0.2, 1.0, 2],
];

/**
 * A multi-output model like BigQuery ML's iris logistic_reg: 4 DT_FLOAT inputs; outputs
 * `predicted_species` DT_STRING [-1, 1], `species_probs` DT_DOUBLE [-1, 3] (softmax of linear logits)
 * and `species_values` DT_STRING [-1, 3].
 */
export function scriptedIrisModel(): ScriptedModel {
  return {
    signatures: {
      serving_default: {
        methodName: PREDICT,
        inputs: Object.fromEntries(FEATURES.map((n) => [n, spec(n, "DT_FLOAT", [-1])])),
        outputs: {
          predicted_species: { name: "output_class:0", dtype: "DT_STRING", shape: [-1, 1] },
          species_probs: { name: "output_probs:0", dtype: "DT_DOUBLE", shape: [-1, 3] },
          species_values: { name: "output_labels:0", dtype: "DT_STRING", shape: [-1, 3] },
        },
      },
    },
    compute(_signature, inputs) {
      const n = batchOf(inputs);
      const probs = new Float64Array(n * 3);
      const predicted: string[] = [];
      for (let i = 0; i < n; i++) {
        const logits = LOGITS.map((w) =>
          FEATURES.reduce((acc, f, j) => acc + w[j]! * Number(inputs[f]!.data[i]), w[4]!),
        );
        const max = Math.max(...logits);
        const exps = logits.map((l) => Math.exp(l - max));
        const total = exps.reduce((a, b) => a + b, 0);
        exps.forEach((e, c) => {
          probs[i * 3 + c] = e / total;
        });
        predicted.push(SPECIES[logits.indexOf(max)]!);
      }
      return {
        predicted_species: { dtype: "DT_STRING", shape: [n, 1], data: predicted },
        species_probs: { dtype: "DT_DOUBLE", shape: [n, 3], data: probs },
        species_values: {
          dtype: "DT_STRING",
          shape: [n, 3],
          data: Array.from({ length: n }, () => SPECIES).flat(),
        },
      };
    },
  };
}

/**
 * A single-input model like TF Serving's half_plus_two test model: `x` DT_FLOAT [-1] -> `y` = x/2 + 2,
 * with `serving_default` (predict), `classify_x_to_y` (classify: classes ["low", "high"], scores
 * [1 - s, s] with s = sigmoid(y)) and `regress_x_to_y` (regress: outputs = y).
 */
export function scriptedHalfPlusTwo(): ScriptedModel {
  const x = { x: spec("x", "DT_FLOAT", [-1]) };
  const halfPlusTwo = (t: Tensor): Float32Array =>
    Float32Array.from(t.data as Float32Array, (v) => v / 2 + 2);
  return {
    signatures: {
      serving_default: { methodName: PREDICT, inputs: x, outputs: { y: spec("y", "DT_FLOAT", [-1]) } },
      classify_x_to_y: {
        methodName: "tensorflow/serving/classify",
        inputs: x,
        outputs: {
          classes: spec("classes", "DT_STRING", [-1, 2]),
          scores: spec("scores", "DT_FLOAT", [-1, 2]),
        },
      },
      regress_x_to_y: {
        methodName: "tensorflow/serving/regress",
        inputs: x,
        outputs: { outputs: spec("y", "DT_FLOAT", [-1]) },
      },
    },
    compute(signature, inputs): Record<string, Tensor> {
      const input = inputs.x;
      if (!input) throw new ServingError("INVALID_ARGUMENT", "input x is missing");
      const y = halfPlusTwo(input);
      const n = y.length;
      if (signature === "classify_x_to_y") {
        const scores = new Float32Array(n * 2);
        y.forEach((v, i) => {
          const s = 1 / (1 + Math.exp(-v));
          scores[i * 2] = 1 - s;
          scores[i * 2 + 1] = s;
        });
        const classes = Array.from({ length: n }, () => ["low", "high"]).flat();
        return {
          classes: { dtype: "DT_STRING", shape: [n, 2], data: classes },
          scores: { dtype: "DT_FLOAT", shape: [n, 2], data: scores },
        };
      }
      const out: Tensor = { dtype: "DT_FLOAT", shape: [...input.shape], data: y };
      return signature === "regress_x_to_y" ? { outputs: out } : { y: out };
    },
  };
}
