import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { BqdeployError } from "../errors/index.js";
import { type Logger, silentLogger } from "../logging/index.js";
import type { Servable, SignatureSpec, Tensor } from "../protocol/index.js";
import { boosterOutputs, outputRows } from "./booster-outputs.js";
import { encodeInstances, encodeTensors } from "./encode-rows.js";
import { type EncodingPlan, planEncoding } from "./encoding-plan.js";
import { type Forest, flattenForest } from "./forest.js";
import { readLegacyBooster } from "./legacy-booster.js";
import { type BoosterMetadata, parseBoosterMetadata } from "./model-metadata.js";
import { baseMargin, objectiveFor } from "./objective.js";
import { predictMargins } from "./predict-margins.js";
import { readVocabularies } from "./vocabulary-files.js";

/** The signature a booster serves (BigQuery ML's exports have no saved_model.pb to name one). */
export const BOOSTER_SIGNATURE = "serving_default";

/** A loaded BigQuery ML boosted-tree or random-forest export. */
export interface BoosterServable extends Servable {
  kind: "xgboost";
  modelType: BoosterMetadata["model_type"];
  objective: string;
  /** Feature names in the metadata's order (the signature's inputs). */
  featureNames: readonly string[];
  /**
   * Numeric (DT_DOUBLE) inputs that also take DT_STRING data: `""` means the training mean (or 0), other
   * strings are parsed as numbers. The protocol layer passes such an input as DT_STRING when its JSON holds
   * a string (numbers then as String(n)).
   */
  stringTolerantInputs: readonly string[];
  /**
   * Predicts row-format instances exactly as Google's predictor (bigquery_ml_utils) does, including ragged
   * arrays and `""` in numeric columns; returns the `predictions` list (the TF Serving row encoding of
   * `run`'s outputs). Bad instances give INVALID_ARGUMENT naming the row and feature.
   */
  predictInstances(instances: readonly unknown[]): Promise<unknown[]>;
  /** Encoded input columns per row (model.bst's num_feature). */
  numFeature: number;
  /** Margins -> outputs for already encoded rows (rows x numFeature float32, NaN = missing). */
  predictEncoded(features: Float32Array, rows: number): Record<string, Tensor>;
}

export interface LoadBoosterOptions {
  logger?: Logger;
}

/** Loads `<dir>/model.bst` and `<dir>/assets/` (model_metadata.json and the vocabularies). */
export async function loadBoosterModel(
  dir: string,
  options: LoadBoosterOptions = {},
): Promise<BoosterServable> {
  const logger = options.logger ?? silentLogger;
  const modelBytes = await readExportFile(join(dir, "model.bst"), "model.bst", dir);
  const metadataText = await readExportFile(
    join(dir, "assets", "model_metadata.json"),
    "assets/model_metadata.json",
    dir,
  );
  const booster = readLegacyBooster(modelBytes, "model.bst");
  const metadata = parseBoosterMetadata(metadataText.toString("utf8"));
  const vocab = await readVocabularies(join(dir, "assets"));
  const objective = objectiveFor(booster.objective);
  const plan = planEncoding(metadata, vocab, booster.numFeature, logger);
  const outputs = boosterOutputs(metadata, objective, booster.numOutputGroup);
  const forest = flattenForest(booster);
  if (forest.roots.length < booster.trees.length) {
    logger.warn(
      "booster: model.bst ends with an incomplete boosting round; XGBoost ignores those trees too",
      {
        trees: booster.trees.length,
        used: forest.roots.length,
      },
    );
  }
  const margin = baseMargin(objective, booster.baseScore, booster.version[0]);
  logger.info("booster loaded", {
    dir,
    modelType: metadata.model_type,
    objective: booster.objective,
    trees: booster.trees.length,
    features: booster.numFeature,
  });
  return boosterServable(metadata, booster.objective, plan, forest, margin, outputs);
}

function boosterServable(
  metadata: BoosterMetadata,
  objective: string,
  plan: EncodingPlan,
  forest: Forest,
  margin: number,
  outputs: ReturnType<typeof boosterOutputs>,
): BoosterServable {
  const signature: SignatureSpec = {
    methodName: "tensorflow/serving/predict",
    inputs: Object.fromEntries(plan.encoders.map((e) => [e.name, e.input])),
    outputs: outputs.specs,
  };
  const predictEncoded = (features: Float32Array, rows: number): Record<string, Tensor> =>
    outputs.fromMargins(predictMargins(forest, features, rows, margin), rows);
  return {
    kind: "xgboost",
    modelType: metadata.model_type,
    objective,
    featureNames: [...metadata.feature_names],
    stringTolerantInputs: plan.encoders.filter((e) => e.encoding === "numerical_identity").map((e) => e.name),
    numFeature: plan.width,
    signatures: { [BOOSTER_SIGNATURE]: signature },
    predictEncoded,
    async run(signatureName, inputs, outputKeys) {
      if (signatureName !== BOOSTER_SIGNATURE) {
        throw new BqdeployError(
          "NOT_FOUND",
          `Serving signature name: "${signatureName}" not found in signature def; this model has "${BOOSTER_SIGNATURE}".`,
        );
      }
      for (const key of outputKeys) {
        if (!(key in signature.outputs)) {
          throw new BqdeployError(
            "INVALID_ARGUMENT",
            `Output ${key} is not in the signature; outputs: ${Object.keys(signature.outputs).join(", ")}.`,
          );
        }
      }
      const { rows, features } = encodeTensors(plan, inputs);
      const all = predictEncoded(features, rows);
      return Object.fromEntries(outputKeys.map((key) => [key, all[key]!]));
    },
    async predictInstances(instances) {
      const features = encodeInstances(plan, instances);
      return outputRows(predictEncoded(features, instances.length), instances.length);
    },
  };
}

async function readExportFile(path: string, name: string, dir: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new BqdeployError(
      missing ? "NOT_FOUND" : "MODEL_CORRUPT",
      missing
        ? `${dir} has no ${name}: it is not a BigQuery ML booster export (ML_XGBOOST_BOOSTER). Point at the folder holding model.bst and assets/.`
        : `Cannot read ${name} in ${dir}: ${(error as Error).message}.`,
      { cause: error, details: { dir, file: name } },
    );
  }
}
