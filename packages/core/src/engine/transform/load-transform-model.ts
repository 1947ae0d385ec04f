import { join } from "node:path";
import type { Servable } from "../../protocol/servable.js";
import { type LoadSavedModelServableOptions, loadSavedModelServable } from "../load-servable.js";
import { createTransformServable } from "./transform-servable.js";

/**
 * Loads an export folder that has a `transform/` subfolder (a model trained with TRANSFORM): both
 * SavedModels are read, planned and initialised, and the result serves raw rows as BigQuery's
 * ML.PREDICT does (see createTransformServable). An unsupported op in either is a load-time error.
 */
export async function loadTransformModel(
  dir: string,
  options: LoadSavedModelServableOptions = {},
): Promise<Servable> {
  const [transform, model] = await Promise.all([
    loadSavedModelServable(join(dir, "transform"), options),
    loadSavedModelServable(dir, options),
  ]);
  return createTransformServable(transform, model, dir);
}
