import { BqdeployError } from "../errors/index.js";

/** The formats a BigQuery ML model can be extracted in. */
export type DestinationFormat = "ML_TF_SAVED_MODEL" | "ML_XGBOOST_BOOSTER";

/** What the caller asks for: pick from the model type, or insist on one. */
export type ExportFormatChoice = "auto" | "tf" | "xgboost";

/** The parts of models.get's answer the pre-check reads. */
export interface BigQueryModelMetadata {
  modelType?: string;
  location?: string;
  featureColumns?: { name?: string; type?: { typeKind?: string } }[];
  transformColumns?: { name?: string }[];
}

/** The verdict of the pre-check. */
export interface ExportPlan {
  modelType: string;
  format: DestinationFormat;
  warnings: string[];
}

const TF_TYPES = new Set([
  "LINEAR_REGRESSION",
  "LOGISTIC_REGRESSION",
  "KMEANS",
  "MATRIX_FACTORIZATION",
  "PCA",
  "AUTOENCODER",
  "DNN_CLASSIFIER",
  "DNN_REGRESSOR",
  "DNN_LINEAR_COMBINED_CLASSIFIER",
  "DNN_LINEAR_COMBINED_REGRESSOR",
  "TENSORFLOW",
]);
const XGBOOST_TYPES = new Set([
  "BOOSTED_TREE_CLASSIFIER",
  "BOOSTED_TREE_REGRESSOR",
  "RANDOM_FOREST_CLASSIFIER",
  "RANDOM_FOREST_REGRESSOR",
]);
const UNSUPPORTED_FEATURE_TYPES = new Set(["ARRAY", "TIMESTAMP", "GEOGRAPHY"]);

/**
 * Decides, from models.get, whether and how a model can be exported and served. Refuses (with
 * MODEL_NOT_EXPORTABLE and the reason) AutoML, ARIMA and other types, and ARRAY/TIMESTAMP/GEOGRAPHY
 * features; warns about TRANSFORM models. Pure.
 */
export function planExport(
  model: BigQueryModelMetadata,
  name: string,
  choice: ExportFormatChoice,
): ExportPlan {
  const modelType = (model.modelType ?? "MODEL_TYPE_UNSPECIFIED").toUpperCase();
  const refuse = (why: string): never => {
    throw new BqdeployError("MODEL_NOT_EXPORTABLE", `Model ${name} (${modelType}) ${why}`, {
      details: { model: name, modelType },
    });
  };
  if (modelType.startsWith("AUTOML_")) {
    refuse(
      "is an AutoML model: its export only runs in Google's AutoML model-server image, which bqdeploy cannot serve. Deploy it to Vertex AI, or train a BOOSTED_TREE or DNN model in BigQuery ML instead.",
    );
  }
  if (modelType.startsWith("ARIMA")) {
    refuse(
      "is a time-series model: BigQuery cannot export it. Forecast in BigQuery with ML.FORECAST instead.",
    );
  }
  const natural: DestinationFormat | undefined = TF_TYPES.has(modelType)
    ? "ML_TF_SAVED_MODEL"
    : XGBOOST_TYPES.has(modelType)
      ? "ML_XGBOOST_BOOSTER"
      : undefined;
  if (!natural) {
    refuse(
      "cannot be exported for serving. Exportable types are linear and logistic regression, k-means, matrix factorization, PCA, autoencoder, DNN, wide-and-deep, boosted tree, random forest and imported TensorFlow models.",
    );
  }
  const wanted =
    choice === "tf" ? "ML_TF_SAVED_MODEL" : choice === "xgboost" ? "ML_XGBOOST_BOOSTER" : natural!;
  if (wanted !== natural) {
    refuse(
      `exports only as ${natural === "ML_TF_SAVED_MODEL" ? "a TensorFlow SavedModel (format tf)" : "an XGBoost booster (format xgboost)"}; use that format or auto.`,
    );
  }
  const bad = (model.featureColumns ?? []).filter((c) =>
    UNSUPPORTED_FEATURE_TYPES.has((c.type?.typeKind ?? "").toUpperCase()),
  );
  if (bad.length) {
    refuse(
      `has feature columns BigQuery cannot export: ${bad.map((c) => `${c.name} (${c.type?.typeKind})`).join(", ")}. Retrain it with those features converted (e.g. UNIX_SECONDS(ts), ST_X/ST_Y, or one column per array element), then export.`,
    );
  }
  const warnings: string[] = [];
  if ((model.transformColumns ?? []).length > 0) {
    warnings.push(
      `Model ${name} has a TRANSFORM clause: the export brings a transform/ folder that must run before the model, with BigQuery-specific ops tensorflow/serving cannot run without Google's custom-op library.`,
    );
  }
  return { modelType, format: wanted, warnings };
}
