import type { DType } from "@bqdeploy/core";
import { SEED_INSTANCE } from "../seed-request.js";

/** One input or output of the served signature: its dtype (or the dtypes allowed) and its shape. */
export interface ConformanceTensor {
  dtype: DType | readonly DType[];
  /** As the metadata lists it, batch dimension first: [-1] one value per row, [-1, 3] three per row. */
  shape: readonly number[];
}

/** One row-format instance: input name -> value. */
export type Instance = Record<string, unknown>;

/**
 * What the conformance suite knows of the model a target serves: every generic case (row and columnar
 * equivalence, batches, dtype and key errors, metadata, ...) is derived from it.
 */
export interface ConformanceModel {
  /** The name it is served under. */
  name: string;
  /** Signature names the metadata must list; `serving_default` is the one requests reach by default. */
  signatureNames?: readonly string[];
  /** method_name of `serving_default`. Default "tensorflow/serving/predict". */
  methodName?: string;
  inputs: Readonly<Record<string, ConformanceTensor>>;
  outputs: Readonly<Record<string, ConformanceTensor>>;
  /**
   * Valid rows, each with every input; the first is the one most cases send. They must also be valid
   * together in the columnar form (`{"inputs": {name: [one value per row]}}`).
   */
  instances: readonly [Instance, ...Instance[]];
  /**
   * Whose texts a bad row gets. `tf_serving`: TF Serving's JSON decoder (a SavedModel), checked to the
   * letter. `bigquery_ml_predictor`: the checks of Google's BigQuery ML predictor, which bqdeploy keeps for
   * what tensorflow/serving cannot serve (boosters, TRANSFORM models): a 400 that names the key.
   */
  inputErrors: "tf_serving" | "bigquery_ml_predictor";
  /** A further check of one row of `predictions` (e.g. a classifier's label is one of its classes). */
  checkPrediction?: (prediction: unknown) => void;
  /**
   * The row predictions `instances` must get, when known: numbers within `tolerance` (absolute), objects
   * compared on the keys they hold (goldens often assert only some outputs), the rest equal.
   */
  expected?: { predictions: readonly unknown[]; tolerance: number };
}

export const PREDICT_METHOD = "tensorflow/serving/predict";

const scalar = (dtype: ConformanceTensor["dtype"]): ConformanceTensor => ({ dtype, shape: [-1] });

/**
 * The tip_model of the seed walk-through (BigQuery ML linear_reg): 3 DT_STRING and 4 numeric inputs
 * (DT_DOUBLE, or DT_FLOAT in older exports), `predicted_tip_amount` DT_DOUBLE [-1, 1], TF Serving's texts.
 */
export const TIP_MODEL: ConformanceModel = {
  name: "tip_model",
  inputs: {
    DOLocationID: scalar("DT_STRING"),
    PULocationID: scalar("DT_STRING"),
    fare_amount: scalar(["DT_DOUBLE", "DT_FLOAT"]),
    passenger_count: scalar(["DT_DOUBLE", "DT_FLOAT"]),
    payment_type: scalar("DT_STRING"),
    tolls_amount: scalar(["DT_DOUBLE", "DT_FLOAT"]),
    trip_distance: scalar(["DT_DOUBLE", "DT_FLOAT"]),
  },
  outputs: { predicted_tip_amount: { dtype: "DT_DOUBLE", shape: [-1, 1] } },
  instances: [SEED_INSTANCE, { ...SEED_INSTANCE, payment_type: "1" }],
  inputErrors: "tf_serving",
};

/** The dtypes a tensor may have, as a list. */
export function dtypesOf(t: ConformanceTensor): readonly DType[] {
  return typeof t.dtype === "string" ? [t.dtype] : t.dtype;
}

const FLOATS: readonly DType[] = ["DT_FLOAT", "DT_DOUBLE"];
const INTEGERS: readonly DType[] = ["DT_INT64", "DT_INT32"];

/** Input names in TF Serving's order (sorted), as its "keys must be equal to" lists them. */
export function inputNames(model: ConformanceModel): string[] {
  return Object.keys(model.inputs).sort();
}

/** Inputs taking one value per row whose value in the first instance is of the given kind. */
function scalarInputs(
  model: ConformanceModel,
  dtypes: readonly DType[],
  kind: "string" | "number",
): string[] {
  const [first] = model.instances;
  return inputNames(model).filter((name) => {
    const input = model.inputs[name]!;
    return (
      input.shape.length === 1 &&
      dtypesOf(input).every((d) => dtypes.includes(d)) &&
      typeof first[name] === kind
    );
  });
}

/** DT_STRING inputs with one string per row. */
export const stringInputs = (model: ConformanceModel): string[] =>
  scalarInputs(model, ["DT_STRING"], "string");
/** DT_FLOAT / DT_DOUBLE inputs with one number per row. */
export const floatInputs = (model: ConformanceModel): string[] => scalarInputs(model, FLOATS, "number");
/** Numeric (floating or integer) inputs with one number per row. */
export const numericInputs = (model: ConformanceModel): string[] =>
  scalarInputs(model, [...FLOATS, ...INTEGERS], "number");

/** The columnar form of some instances: one list per input. */
export function columns(model: ConformanceModel, instances: readonly Instance[]): Record<string, unknown[]> {
  return Object.fromEntries(inputNames(model).map((name) => [name, instances.map((r) => r[name])]));
}
