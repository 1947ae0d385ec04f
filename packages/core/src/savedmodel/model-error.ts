import { BqdeployError } from "../errors/index.js";

/**
 * A file of the SavedModel fails a checksum or is cut short: re-download the export.
 * `file` is relative to the model folder, e.g. "variables/variables.index".
 */
export function modelCorrupt(file: string, what: string, cause?: unknown): BqdeployError {
  return new BqdeployError(
    "MODEL_CORRUPT",
    `${file}: ${what}. The file is damaged: download or export the model again.`,
    { cause, details: { file } },
  );
}

/** A file of the SavedModel is not what a BigQuery ML export contains (wrong structure or values). */
export function modelFormatInvalid(file: string, what: string, cause?: unknown): BqdeployError {
  return new BqdeployError(
    "MODEL_FORMAT_INVALID",
    `${file}: ${what}. Check that the folder is a SavedModel exported by BigQuery ML.`,
    { cause, details: { file } },
  );
}
