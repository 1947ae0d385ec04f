import type { Servable } from "../protocol/servable.js";
import { readSavedModel } from "../savedmodel/index.js";
import { createSavedModelServable, type SavedModelServableOptions } from "./model/saved-model-servable.js";

export type LoadSavedModelServableOptions = SavedModelServableOptions;

/**
 * Loads a SavedModel folder (saved_model.pb, variables/, assets/) into a Servable that runs in Node:
 * reads and verifies it, plans every signature (UNSUPPORTED_OP at load for ops without a kernel),
 * initialises lookup tables once. Read errors are MODEL_CORRUPT / MODEL_FORMAT_INVALID.
 */
export async function loadSavedModelServable(
  dir: string,
  options: LoadSavedModelServableOptions = {},
): Promise<Servable> {
  const bundle = await readSavedModel(dir, options.logger ? { logger: options.logger } : {});
  return createSavedModelServable(bundle, options);
}
