import type { MetaGraph, Tensor } from "@bqdeploy/core";
import { addDnnHead } from "./dnn-head.js";
import { addPartitionedVariable, addTf1Saver, fullSliceSpec } from "./dnn-variables.js";
import type { FeatureSpec } from "./feature-spec.js";
import { checkFeatures, inputWidth } from "./feature-spec.js";
import { attr, GraphBuilder, tensor } from "./graph-builder.js";
import { addInputLayer, addInputs } from "./input-layer.js";
import { assetTexts, collections, signatureInputs } from "./linear-reg.js";
import { addInitOps } from "./variables.js";
import type { SavedModelWriteOptions } from "./write-saved-model.js";
import { writeSavedModel } from "./write-saved-model.js";

/** One dense layer: `weights` row-major [inputs, units] and one bias per unit (float32 values). */
export interface DenseLayer {
  weights: number[];
  biases: number[];
}

export interface DnnClassifierSpec {
  features: FeatureSpec[];
  /** Hidden layers (Relu) in order; at least one, as BigQuery ML's DNN_CLASSIFIER has. */
  hidden: DenseLayer[];
  /** The logits layer: one unit for two classes (logistic head), else one per class (softmax head). */
  logits: DenseLayer;
  /** Class labels in class-id order. At least 2. */
  classes: string[];
}

/**
 * Writes a dnn_classifier SavedModel in the TF 1.15 Estimator export's topology: input layer, then
 * per layer MatMul / BiasAdd (/ Relu) over partitioned VariableV2 `.../part_0` variables restored by
 * RestoreV2 slice specs, the classifier head, signatures `predict` and `serving_default`, variables
 * in two shards (global_step in 0, the layers in 1).
 */
export async function buildDnnClassifierModel(
  dir: string,
  spec: DnnClassifierSpec,
  options: SavedModelWriteOptions = {},
): Promise<MetaGraph> {
  const { metaGraph, variables, assets } = dnnClassifierContents(spec);
  const bundle = {
    numShards: 2,
    shardOf: (key: string) => (key === "global_step" ? 0 : 1),
    ...options.bundle,
  };
  await writeSavedModel(dir, { metaGraph, variables, assets }, { ...options, bundle });
  return metaGraph;
}

export function dnnClassifierContents(spec: DnnClassifierSpec): {
  metaGraph: MetaGraph;
  variables: Map<string, Tensor>;
  assets: Record<string, string>;
} {
  const n = spec.classes.length;
  if (n < 2) throw new Error("buildDnnClassifierModel: at least 2 classes");
  if (spec.hidden.length === 0) throw new Error("buildDnnClassifierModel: at least one hidden layer");
  if (spec.logits.biases.length !== (n === 2 ? 1 : n)) {
    throw new Error(`buildDnnClassifierModel: ${n} classes need ${n === 2 ? 1 : n} logits`);
  }
  checkFeatures(
    spec.features,
    new Array<number>(inputWidth(spec.features)).fill(0),
    "buildDnnClassifierModel",
  );
  const g = new GraphBuilder();
  const float = attr.type("DT_FLOAT");
  const state = addInputs(g, spec.features);
  let x = addInputLayer(g, "dnn/input_from_feature_columns/input_layer", spec.features, state);
  let width = inputWidth(spec.features);
  const variables = new Map<string, Tensor>();
  const saved: { key: string; node: string; value: Tensor; spec: string }[] = [];
  const layers = [
    ...spec.hidden.map((l, i) => ({ l, scope: `dnn/hiddenlayer_${i}` })),
    { l: spec.logits, scope: "dnn/logits" },
  ];
  for (const [index, { l, scope }] of layers.entries()) {
    const units = l.biases.length;
    if (l.weights.length !== width * units) {
      throw new Error(
        `buildDnnClassifierModel: ${scope} needs ${width} x ${units} weights, got ${l.weights.length}`,
      );
    }
    const kernel = tensor.float(l.weights, [width, units]);
    const bias = tensor.float(l.biases, [units]);
    for (const [key, value] of [[`${scope}/kernel`, kernel] as const, [`${scope}/bias`, bias] as const]) {
      variables.set(key, value);
      saved.push({ key, node: `${key}/part_0`, value, spec: fullSliceSpec(value.shape) });
    }
    const matmul = g.add(
      `${scope}/MatMul`,
      "MatMul",
      [x, addPartitionedVariable(g, `${scope}/kernel`, kernel)],
      { T: float },
    );
    x = g.add(`${scope}/BiasAdd`, "BiasAdd", [matmul, addPartitionedVariable(g, `${scope}/bias`, bias)], {
      T: float,
    });
    if (index < layers.length - 1) x = g.add(`${scope}/Relu`, "Relu", [x], { T: float });
    width = units;
  }
  const step = tensor.int64([0]);
  g.add("global_step", "VariableV2", [], { dtype: attr.type("DT_INT64"), shape: attr.shape([]) });
  variables.set("global_step", step);
  saved.push({ key: "global_step", node: "global_step", value: step, spec: "" });
  const head = addDnnHead(g, x, spec.classes);
  const tableInits = [...state.tableInits, head.tableInit];
  const mainOp = addInitOps(g, [], tableInits);
  const saverDef = addTf1Saver(g, saved);
  const signature = {
    methodName: "tensorflow/serving/predict",
    inputs: signatureInputs(spec.features),
    outputs: head.outputs,
  };
  const metaGraph: MetaGraph = {
    tags: ["serve"],
    tensorflowVersion: "1.15.5",
    strippedDefaultAttrs: true,
    graph: { nodes: g.nodes, library: [], producerVersion: 134 },
    saverDef,
    signatures: { predict: signature, serving_default: signature },
    assetFiles: state.assetFiles,
    collections: collections(
      state.assetFiles.map((a) => a.tensorName),
      tableInits,
      mainOp,
    ),
  };
  return { metaGraph, variables, assets: assetTexts(spec.features) };
}
