import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { MetaGraph, Tensor } from "@bqdeploy/core";
import type { BundleWriteOptions } from "./bundle/tensor-bundle-writer.js";
import { writeTensorBundle } from "./bundle/tensor-bundle-writer.js";
import type { MetaGraphEncoding } from "./proto/meta-graph-encoding.js";
import { encodeSavedModel } from "./proto/meta-graph-encoding.js";

export interface SavedModelContents {
  metaGraph: MetaGraph;
  /** Checkpoint key -> value, written to variables/ (always written, possibly empty, as TF does). */
  variables: Map<string, Tensor>;
  /** File name under assets/ -> its text. */
  assets?: Record<string, string>;
}

export interface SavedModelWriteOptions {
  bundle?: BundleWriteOptions;
  encoding?: MetaGraphEncoding;
}

/** Writes a SavedModel folder: saved_model.pb, variables/, assets/. */
export async function writeSavedModel(
  dir: string,
  contents: SavedModelContents,
  options: SavedModelWriteOptions = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "saved_model.pb"), encodeSavedModel([contents.metaGraph], options.encoding));
  await writeTensorBundle(join(dir, "variables"), contents.variables, options.bundle);
  const assets = Object.entries(contents.assets ?? {});
  if (assets.length === 0) return;
  await mkdir(join(dir, "assets"), { recursive: true });
  for (const [name, text] of assets) await writeFile(join(dir, "assets", name), text);
}
