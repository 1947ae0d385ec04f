import { stat } from "node:fs/promises";
import { join } from "node:path";
import { BqdeployError } from "../errors/index.js";

/** What an export folder holds: a TF SavedModel or a BigQuery ML XGBoost booster. */
export type ModelType = "tf_saved_model" | "xgboost_booster";

export interface ModelFiles {
  modelType: ModelType;
  /** True when a TRANSFORM preprocessing SavedModel sits in `transform/`. */
  hasTransform: boolean;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** Detects the model type from the files of an export folder; undefined when it is neither. */
export async function detectModelFiles(dir: string): Promise<ModelFiles | undefined> {
  const hasTransform = await isFile(join(dir, "transform", "saved_model.pb"));
  if (await isFile(join(dir, "saved_model.pb"))) return { modelType: "tf_saved_model", hasTransform };
  if (await isFile(join(dir, "model.bst"))) return { modelType: "xgboost_booster", hasTransform };
  return undefined;
}

/** Like detectModelFiles, but throws MODEL_FORMAT_INVALID saying what is missing. */
export async function requireModelFiles(dir: string): Promise<ModelFiles> {
  const found = await detectModelFiles(dir);
  if (found) return found;
  throw new BqdeployError(
    "MODEL_FORMAT_INVALID",
    `${dir} holds neither saved_model.pb nor model.bst: is this the folder BigQuery ML exported (the gs:// prefix given to EXPORT MODEL)?`,
    { details: { dir } },
  );
}
