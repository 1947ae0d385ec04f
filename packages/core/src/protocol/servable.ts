import type { DType, Tensor } from "./tensor.js";

/** One input or output of a signature, as TF Serving's metadata describes it. */
export interface TensorSpec {
  /** Graph tensor name, e.g. "fare_amount:0". */
  name: string;
  dtype: DType;
  /** Dimensions (-1 unknown); null when the rank is unknown. */
  shape: number[] | null;
}

export interface SignatureSpec {
  /** e.g. "tensorflow/serving/predict". */
  methodName: string;
  inputs: Record<string, TensorSpec>;
  outputs: Record<string, TensorSpec>;
}

/**
 * A loaded model version that can compute: the engine (SavedModel), the booster evaluator and the
 * fake's scripted models all implement it. The protocol layer turns JSON into these tensors and the
 * results back into TF Serving's JSON.
 */
export interface Servable {
  signatures: Record<string, SignatureSpec>;
  /**
   * Runs one signature. `inputs` holds exactly the signature's input keys with checked dtypes;
   * `outputKeys` names the outputs wanted (all of them for predict). Throws a ServingError
   * (protocol/serving-error.ts) for a request the model rejects.
   */
  run(
    signatureName: string,
    inputs: Record<string, Tensor>,
    outputKeys: readonly string[],
  ): Promise<Record<string, Tensor>>;
  /**
   * Optional: `run` without a promise, for servables whose work is synchronous (the engine). HTTP
   * servers answer through it in the tick the request arrives: no promise chain per request.
   */
  runNow?(
    signatureName: string,
    inputs: Record<string, Tensor>,
    outputKeys: readonly string[],
  ): Record<string, Tensor>;
  /**
   * Optional: decodes a predict request's JSON itself instead of the typed tensor codec, for models
   * whose inputs do not fit fixed-dtype tensors (BigQuery ML boosters: ragged arrays, "" in numeric
   * columns; TRANSFORM models: Google's predictor's checks). `payload` is the `instances` list (row) or
   * the `inputs` value (columnar), already checked for shape; returns the signature's outputs.
   */
  runJson?(
    signatureName: string,
    format: "row" | "columnar",
    payload: unknown,
    outputKeys: readonly string[],
  ): Promise<Record<string, Tensor>>;
  /** Releases what the servable holds (optional). */
  close?(): void | Promise<void>;
}

export const MODEL_STATES = ["UNKNOWN", "START", "LOADING", "AVAILABLE", "UNLOADING", "END"] as const;
export type ModelState = (typeof MODEL_STATES)[number];

/** The status of one version, as GET /v1/models/{name} reports it. */
export interface VersionStatus {
  version: number;
  state: ModelState;
  /** TF status code name ("OK", "NOT_FOUND", "INVALID_ARGUMENT", ...) and message. */
  errorCode: string;
  errorMessage: string;
}

/**
 * What a TF-Serving-compatible HTTP server serves from: a set of models, each with versions in
 * some state, labels, and a servable for every AVAILABLE version. The fake TF Serving and the embedded
 * runtime implement it; one HTTP handler serves both.
 */
export interface ServableSource {
  /** Every model name known (loaded or not). */
  models(): string[];
  /** Tracked versions of a model with their states; undefined for an unknown model. */
  versions(model: string): VersionStatus[] | undefined;
  /** Version labels of a model (label -> version). */
  labels(model: string): Record<string, number>;
  /** The servable of an AVAILABLE version; undefined when that version is not AVAILABLE. */
  servable(model: string, version: number): Servable | undefined;
}
