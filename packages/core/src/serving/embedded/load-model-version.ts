import { loadSavedModelServable, loadTransformModel } from "../../engine/index.js";
import { type Logger, silentLogger } from "../../logging/index.js";
import type { Servable } from "../../protocol/index.js";
import { requireModelFiles } from "../../repository/index.js";
import { loadBoosterModel } from "../../xgboost/index.js";

export interface LoadModelVersionOptions {
  logger?: Logger;
  /** Serve a TRANSFORM model's graph alone, as tensorflow/serving does (ignore `transform/`). */
  noTransform?: boolean;
}

/**
 * Loads one export folder into a Servable: a SavedModel through the engine, a BigQuery ML booster
 * (model.bst) through the XGBoost evaluator, a model trained with TRANSFORM through transform/ then the
 * model (unless `noTransform`). The one place that decides how a folder is run.
 */
export async function loadModelVersion(
  dir: string,
  options: LoadModelVersionOptions = {},
): Promise<Servable> {
  const logger = options.logger ?? silentLogger;
  const files = await requireModelFiles(dir);
  if (files.modelType === "xgboost_booster") return loadBoosterModel(dir, { logger });
  if (files.hasTransform && !options.noTransform) return loadTransformModel(dir, { logger });
  if (files.hasTransform) {
    logger.info(
      `${dir} has a TRANSFORM (transform/); serving the model graph alone (noTransform): send transformed features.`,
    );
  }
  return loadSavedModelServable(dir, { logger });
}
