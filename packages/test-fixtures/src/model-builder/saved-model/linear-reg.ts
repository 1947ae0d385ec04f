import type { MetaGraph, Tensor, TensorInfo } from "@bqdeploy/core";
import type { FeatureSpec } from "./feature-spec.js";
import { checkFeatures, inputWidth, sortedFeatures } from "./feature-spec.js";
import { attr, GraphBuilder, tensor } from "./graph-builder.js";
import { addInputLayer, addInputs, vocabularyFile } from "./input-layer.js";
import { addInitOps, addSaver, addVariable, readVariable } from "./variables.js";
import type { SavedModelWriteOptions } from "./write-saved-model.js";
import { writeSavedModel } from "./write-saved-model.js";

export interface LinearRegSpec {
  features: FeatureSpec[];
  /** One weight per input column, in BigQuery ML's order: sorted feature names, one-hot blocks. */
  weights: number[];
  intercept: number;
  /** Output name in the signature. Default "predicted_label". */
  outputName?: string;
  /** tensorflow_version in meta_info_def. Default "2.21.0". */
  tfVersion?: string;
}

/**
 * Writes a linear_reg SavedModel with the op topology of BigQuery ML's exports (tip_model, TF 2.21):
 * '' replacement, sparse vocabulary lookup, one-hot, ConcatV2, Cast to double, MatMul + intercept
 * in node `compute`. Returns the meta graph it wrote.
 */
export async function buildLinearRegModel(
  dir: string,
  spec: LinearRegSpec,
  options: SavedModelWriteOptions = {},
): Promise<MetaGraph> {
  const { metaGraph, variables, assets } = linearRegContents(spec);
  await writeSavedModel(dir, { metaGraph, variables, assets }, options);
  return metaGraph;
}

/** The meta graph, variables and asset files of a linear_reg export (without writing them). */
export function linearRegContents(spec: LinearRegSpec): {
  metaGraph: MetaGraph;
  variables: Map<string, Tensor>;
  assets: Record<string, string>;
} {
  checkFeatures(spec.features, spec.weights, "buildLinearRegModel");
  const g = new GraphBuilder();
  const state = addInputs(g, spec.features);
  const concat = addInputLayer(g, "input_layer", spec.features, state);
  const weights = tensor.double(spec.weights, [inputWidth(spec.features), 1]);
  const intercept = tensor.double([spec.intercept]);
  const assigns = [addVariable(g, "weights", weights), addVariable(g, "intercept", intercept)];
  const double = attr.type("DT_DOUBLE");
  const cast = g.add("Cast", "Cast", [concat], { DstT: double, SrcT: attr.type("DT_FLOAT") });
  const matmul = g.add("MatMul", "MatMul", [cast, readVariable(g, "MatMul", "weights", "DT_DOUBLE")], {
    T: double,
  });
  g.add("compute", "AddV2", [matmul, readVariable(g, "compute", "intercept", "DT_DOUBLE")], { T: double });
  const mainOp = addInitOps(g, assigns.reverse(), state.tableInits);
  const saverDef = addSaver(g, [
    { name: "weights", dtype: "DT_DOUBLE" },
    { name: "intercept", dtype: "DT_DOUBLE" },
  ]);
  const metaGraph: MetaGraph = {
    tags: ["serve"],
    tensorflowVersion: spec.tfVersion ?? "2.21.0",
    strippedDefaultAttrs: true,
    graph: { nodes: g.nodes, library: [], producerVersion: 2474 },
    saverDef,
    signatures: {
      serving_default: {
        methodName: "tensorflow/serving/predict",
        inputs: signatureInputs(spec.features),
        outputs: {
          [spec.outputName ?? "predicted_label"]: { name: "compute:0", dtype: "DT_DOUBLE", shape: [-1, 1] },
        },
      },
    },
    assetFiles: state.assetFiles,
    collections: collections(
      state.assetFiles.map((a) => a.tensorName),
      state.tableInits,
      mainOp,
    ),
  };
  return {
    metaGraph,
    variables: new Map([
      ["intercept", intercept],
      ["weights", weights],
    ]),
    assets: assetTexts(spec.features),
  };
}

/** Signature inputs: one per feature, [-1], named after the placeholder. */
export function signatureInputs(features: readonly FeatureSpec[]): Record<string, TensorInfo> {
  return Object.fromEntries(
    sortedFeatures(features).map((f) => [
      f.name,
      {
        name: `${f.name}:0`,
        dtype: f.kind === "string" ? "DT_STRING" : f.dtype,
        shape: [-1],
      } satisfies TensorInfo,
    ]),
  );
}

/** The collections a TF1-style export carries. */
export function collections(
  assetPaths: string[],
  tableInits: string[],
  mainOp: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (assetPaths.length > 0) out.asset_filepaths = assetPaths;
  out.saved_model_main_op = [mainOp];
  if (tableInits.length > 0) out.table_initializer = tableInits;
  return out;
}

/** assets/<feature>.txt for every string feature. */
export function assetTexts(features: readonly FeatureSpec[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of features) if (f.kind === "string") out[`${f.name}.txt`] = vocabularyFile(f.vocabulary);
  return out;
}
