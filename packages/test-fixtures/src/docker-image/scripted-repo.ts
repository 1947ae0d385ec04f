import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SCRIPTED_MODEL_FILE, type ScriptedModelFile } from "./server/scripted-model.js";

/** A tip_model-like scripted model: tip = 0.5 + 0.1 * fare_amount + 0.25 * trip_miles. */
export const SCRIPTED_TIP_MODEL: ScriptedModelFile = {
  inputs: { fare_amount: "DT_DOUBLE", trip_miles: "DT_DOUBLE" },
  output: "predicted_tip_amount",
  weights: { fare_amount: 0.1, trip_miles: 0.25 },
  bias: 0.5,
};

/**
 * Installs a scripted model as `<repo>/<model>/<version>/` the way a repository must: written into a
 * hidden sibling, then renamed, so a polling server never sees half a version.
 */
export async function installScriptedVersion(
  repo: string,
  model: string,
  version: number,
  file: ScriptedModelFile = SCRIPTED_TIP_MODEL,
): Promise<string> {
  const staging = join(repo, model, `.staging-${version}-${process.pid}`);
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, SCRIPTED_MODEL_FILE), JSON.stringify(file));
  const target = join(repo, model, String(version));
  await rename(staging, target);
  return target;
}
