import { cp } from "node:fs/promises";
import {
  buildTransformModel,
  closedFormLinear,
  haveSharedModels,
  type LinearRegSpec,
  sharedModel,
  type TransformSpec,
} from "@bqdeploy/test-fixtures";
import {
  type ConformanceModel,
  type ConformanceTensor,
  describeTfServingConformance,
} from "@bqdeploy/test-fixtures/conformance";
import { describe, expect } from "vitest";
import { embeddedTarget, golden } from "./__tests__/conformance-repo.js";

// The conformance suite against models trained with TRANSFORM, served by the embedded runtime with their
// transform/ (the default): the signature takes the TRANSFORM's inputs, raw rows as ML.PREDICT takes them.

const scalar = (dtype: ConformanceTensor["dtype"]): ConformanceTensor => ({ dtype, shape: [-1] });

/**
 * The outputs of a BigQuery ML dnn_classifier (a TF Estimator head) with `k` classes, and the checks that
 * tie them together: the class is one of all_classes, its id is its index, the probabilities sum to 1 and
 * the largest is the predicted class's.
 */
function dnnClassifier(k: number, binary: boolean): Pick<ConformanceModel, "outputs" | "checkPrediction"> {
  return {
    outputs: {
      all_class_ids: { dtype: "DT_INT32", shape: [-1, k] },
      all_classes: { dtype: "DT_STRING", shape: [-1, k] },
      class_ids: { dtype: "DT_INT64", shape: [-1, 1] },
      classes: { dtype: "DT_STRING", shape: [-1, 1] },
      logits: { dtype: "DT_FLOAT", shape: [-1, binary ? 1 : k] },
      probabilities: { dtype: "DT_FLOAT", shape: [-1, k] },
      ...(binary ? { logistic: { dtype: "DT_FLOAT", shape: [-1, 1] } } : {}),
    },
    checkPrediction(row) {
      const r = row as {
        all_class_ids: number[];
        all_classes: string[];
        class_ids: number[];
        classes: string[];
        probabilities: number[];
      };
      expect(r.all_class_ids).toEqual(Array.from({ length: k }, (_, i) => i));
      const id = r.class_ids[0]!;
      expect(r.all_classes[id]).toBe(r.classes[0]);
      expect(r.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(r.probabilities[id]).toBe(Math.max(...r.probabilities));
    },
  };
}

// A TRANSFORM model written by the model builder (runs without ../shared/models): miles -> km, an INT64
// count passed through (cast to the model's double, as Google's predictor does), a string passed through.
const TRANSFORM: TransformSpec = {
  inputs: { miles: "DT_DOUBLE", trips: "DT_INT64", zone: "DT_STRING" },
  outputs: { km: { from: "miles", times: 1.609344 }, trips: { from: "trips" }, zone: { from: "zone" } },
};
const LINEAR: LinearRegSpec = {
  features: [
    { name: "km", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "trips", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "zone", kind: "string", vocabulary: ["north", "south", "east"] },
  ],
  weights: [0.75, -0.5, 1, 2, 3],
  intercept: 1.25,
};
const BUILT_ROWS = [
  { miles: 2, trips: 3, zone: "south" },
  { miles: 10.5, trips: 1, zone: "east" },
  { miles: 0.25, trips: 7, zone: "nowhere" },
] as const;

describeTfServingConformance(
  "TF Serving conformance: the embedded runtime serving a built TRANSFORM model",
  () =>
    embeddedTarget(
      {
        name: "built_transform",
        inputs: { miles: scalar("DT_DOUBLE"), trips: scalar("DT_INT64"), zone: scalar("DT_STRING") },
        outputs: { predicted_label: { dtype: "DT_DOUBLE", shape: [-1, 1] } },
        instances: [...BUILT_ROWS],
        inputErrors: "bigquery_ml_predictor",
        expected: {
          // The model's closed form over the rows as the TRANSFORM changes them.
          predictions: BUILT_ROWS.map((r) => [
            closedFormLinear(LINEAR, { km: r.miles * 1.609344, trips: r.trips, zone: r.zone }),
          ]),
          tolerance: 1e-9,
        },
      },
      (dir) => buildTransformModel(dir, { model: LINEAR, transform: TRANSFORM }),
      true,
    ),
);

/** The served TRANSFORM exports: name, description (without the golden rows) and version layout. */
const SHARED: {
  folder: string;
  model: Omit<ConformanceModel, "name" | "instances" | "expected">;
  versioned: boolean;
}[] = [
  {
    folder: "linear_reg_transform",
    model: {
      inputs: { f1: scalar("DT_INT64"), f2: scalar("DT_DOUBLE"), f3: scalar("DT_STRING") },
      outputs: { predicted_label_reg_lin: { dtype: "DT_DOUBLE", shape: [-1, 1] } },
      inputErrors: "bigquery_ml_predictor",
    },
    versioned: true,
  },
  {
    folder: "dnn_classifier_transform",
    model: {
      signatureNames: ["predict", "serving_default"],
      inputs: {
        f1: scalar("DT_DOUBLE"),
        f2: scalar("DT_DOUBLE"),
        f3: scalar("DT_STRING"),
        f4: { dtype: "DT_STRING", shape: [-1, -1] },
      },
      ...dnnClassifier(5, false),
      inputErrors: "bigquery_ml_predictor",
    },
    versioned: true,
  },
  {
    // The model has only `predict`; served with its TRANSFORM, `serving_default` reaches it too.
    folder: "dnn_classifier_binary_transform",
    model: {
      signatureNames: ["predict", "serving_default"],
      inputs: { f1: scalar("DT_DOUBLE"), f2: scalar("DT_DOUBLE"), f3: scalar("DT_STRING") },
      ...dnnClassifier(2, true),
      inputErrors: "bigquery_ml_predictor",
    },
    versioned: false,
  },
];

describe.runIf(haveSharedModels("conformance of the embedded runtime serving TRANSFORM exports"))(
  "shared TRANSFORM exports",
  () => {
    for (const shared of SHARED) {
      describeTfServingConformance(
        `TF Serving conformance: the embedded runtime serving ${shared.folder} with its TRANSFORM`,
        () =>
          embeddedTarget(
            { name: shared.folder, ...shared.model, ...golden(shared.folder) },
            (dir) => cp(sharedModel(shared.folder), dir, { recursive: true }),
            shared.versioned,
          ),
      );
    }
  },
);
