import { stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { toBqdeployError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import { silentLogger } from "../logging/index.js";
import type { Tensor } from "../protocol/tensor.js";
import { readModelFile, readTensorBundle } from "./bundle/tensor-bundle.js";
import { graphVariableValues } from "./graph-variables.js";
import { modelCorrupt, modelFormatInvalid } from "./model-error.js";
import { readSavedModelProto } from "./proto/meta-graph.js";
import { WireReader } from "./proto/wire-reader.js";
import type { BundleEntry, MetaGraph, SavedModelBundle } from "./types.js";

export interface ReadSavedModelOptions {
  /** The meta graph to load must carry all of these tags. Default ["serve"], as TF Serving. */
  tags?: string[];
  logger?: Logger;
}

const VARIABLE_OPS = new Set(["VarHandleOp", "VariableV2", "Variable"]);

/**
 * Reads and verifies a SavedModel folder: saved_model.pb (the meta graph with the requested tags),
 * variables/ (TensorBundle, every checksum checked) and the assets the graph lists.
 * Every failure is a BqdeployError: MODEL_CORRUPT (damaged or missing file: export again) or
 * MODEL_FORMAT_INVALID (not a SavedModel bqdeploy can read), naming the file and what is wrong.
 */
export async function readSavedModel(
  dir: string,
  options: ReadSavedModelOptions = {},
): Promise<SavedModelBundle> {
  const logger = options.logger ?? silentLogger;
  const tags = options.tags ?? ["serve"];
  const root = resolve(dir);
  const started = performance.now();
  const metaGraph = await readMetaGraph(root, tags);
  const { variables, entries } = await readVariables(root, metaGraph);
  const assetPaths = await mapAssets(root, metaGraph);
  const graphVariables = graphVariableValues(metaGraph, variables);
  logger.debug("read SavedModel", {
    dir: root,
    tensorflowVersion: metaGraph.tensorflowVersion,
    nodes: metaGraph.graph.nodes.length,
    functions: metaGraph.graph.library.length,
    variables: variables.size,
    graphVariables: graphVariables.size,
    assets: assetPaths.size,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
  return { dir: root, metaGraph, variables, variableEntries: entries, graphVariables, assetPaths };
}

async function readMetaGraph(root: string, tags: string[]): Promise<MetaGraph> {
  const file = "saved_model.pb";
  if (!(await isFile(join(root, file)))) {
    const hint = (await isFile(join(root, "saved_model.pbtxt")))
      ? "only saved_model.pbtxt (text format) is there; bqdeploy reads the binary saved_model.pb"
      : `there is no saved_model.pb in ${root}`;
    throw modelFormatInvalid(file, hint);
  }
  const bytes = await readModelFile(join(root, file), file);
  let graphs: MetaGraph[];
  try {
    graphs = readSavedModelProto(new WireReader(bytes, file));
  } catch (cause) {
    throw toBqdeployError(cause, "MODEL_CORRUPT", file);
  }
  const chosen = graphs.find((g) => tags.every((t) => g.tags.includes(t)));
  if (!chosen) {
    const seen = graphs.map((g) => `[${g.tags.join(", ")}]`).join(", ") || "none";
    throw modelFormatInvalid(file, `no meta graph has the tags [${tags.join(", ")}] (meta graphs: ${seen})`);
  }
  return chosen;
}

async function readVariables(
  root: string,
  metaGraph: MetaGraph,
): Promise<{ variables: Map<string, Tensor>; entries: Map<string, BundleEntry> }> {
  const dir = join(root, "variables");
  if (!(await isFile(join(dir, "variables.index")))) {
    const needed = metaGraph.graph.nodes.find((n) => VARIABLE_OPS.has(n.op));
    if (needed)
      throw modelCorrupt(
        "variables/variables.index",
        `missing, but the graph reads variable "${needed.name}"`,
      );
    return { variables: new Map(), entries: new Map() };
  }
  try {
    const bundle = await readTensorBundle(dir, "variables", "variables");
    return { variables: bundle.variables, entries: bundle.entries };
  } catch (cause) {
    throw toBqdeployError(cause, "MODEL_CORRUPT", "variables");
  }
}

/** asset_file_def tensors -> absolute paths of assets/<file>, which must exist. */
async function mapAssets(root: string, metaGraph: MetaGraph): Promise<Map<string, string>> {
  const paths = new Map<string, string>();
  for (const { tensorName, filename } of metaGraph.assetFiles) {
    const label = `assets/${filename}`;
    if (!filename || isAbsolute(filename) || filename.split(/[\\/]/).some((p) => p === ".." || p === "")) {
      throw modelFormatInvalid(
        "saved_model.pb",
        `asset file name "${filename}" is not a plain name under assets/`,
      );
    }
    const path = join(root, "assets", filename);
    if (!(await isFile(path))) throw modelCorrupt(label, "listed in the model but missing");
    paths.set(tensorName, path);
  }
  return paths;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
