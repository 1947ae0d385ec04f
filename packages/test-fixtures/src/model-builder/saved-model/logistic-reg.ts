import type { FunctionDef, MetaGraph, Tensor } from "@bqdeploy/core";
import type { FeatureSpec } from "./feature-spec.js";
import { checkFeatures, inputWidth } from "./feature-spec.js";
import { attr, GraphBuilder, tensor } from "./graph-builder.js";
import { addInputLayer, addInputs } from "./input-layer.js";
import { addClassOutputs } from "./class-outputs.js";
import { assetTexts, collections, signatureInputs } from "./linear-reg.js";
import { addInitOps, addSaver, addVariable, readVariable } from "./variables.js";
import type { SavedModelWriteOptions } from "./write-saved-model.js";
import { writeSavedModel } from "./write-saved-model.js";

export interface LogisticRegSpec {
  features: FeatureSpec[];
  /** Class labels in logit order (the order of the `_values` output). At least 2. */
  classes: string[];
  /** Per class, one weight per input column (BigQuery ML's order). */
  weights: number[][];
  /** Per class, the intercept. */
  intercepts: number[];
  /** Label column: outputs predicted_<label>, <label>_probs, <label>_values. Default "label". */
  labelName?: string;
  /** Default "2.4.0". */
  tfVersion?: string;
}

/**
 * Writes a logistic_reg SavedModel with the op topology of BigQuery ML's iris export (TF 2.4): one
 * input layer and linear logit per class (variables 2k_weight, 2k+1_weight), joined by StatelessIf
 * nodes with constant conditions (false, then true...) whose branches live in the function library,
 * then Softmax (double), ArgMax and the label lookup.
 */
export async function buildLogisticRegModel(
  dir: string,
  spec: LogisticRegSpec,
  options: SavedModelWriteOptions = {},
): Promise<MetaGraph> {
  const { metaGraph, variables, assets } = logisticRegContents(spec);
  await writeSavedModel(dir, { metaGraph, variables, assets }, options);
  return metaGraph;
}

export function logisticRegContents(spec: LogisticRegSpec): {
  metaGraph: MetaGraph;
  variables: Map<string, Tensor>;
  assets: Record<string, string>;
} {
  const n = spec.classes.length;
  if (n < 2 || spec.weights.length !== n || spec.intercepts.length !== n) {
    throw new Error(`buildLogisticRegModel: ${n} classes need ${n} weight vectors and ${n} intercepts`);
  }
  for (const w of spec.weights) checkFeatures(spec.features, w, "buildLogisticRegModel");
  const g = new GraphBuilder();
  const double = attr.type("DT_DOUBLE");
  const state = addInputs(g, spec.features);
  const seed = g.constant(g.unique("Const"), tensor.double([1], [1, 1]));
  const library: FunctionDef[] = [];
  const variables = new Map<string, Tensor>();
  const assigns: string[] = [];
  let joined = seed;
  spec.classes.forEach((_, k) => {
    const concat = addInputLayer(g, g.unique("input_layer"), spec.features, state);
    const weightName = `${2 * k}_weight`;
    const biasName = `${2 * k + 1}_weight`;
    const weights = tensor.double(spec.weights[k] as number[], [inputWidth(spec.features), 1]);
    const bias = tensor.double([spec.intercepts[k] as number]);
    variables.set(weightName, weights).set(biasName, bias);
    assigns.push(addVariable(g, weightName, weights), addVariable(g, biasName, bias));
    const cast = g.add(g.unique("Cast"), "Cast", [concat], { DstT: double, SrcT: attr.type("DT_FLOAT") });
    const matmulName = g.unique("MatMul");
    const matmul = g.add(matmulName, "MatMul", [cast, readVariable(g, matmulName, weightName, "DT_DOUBLE")], {
      T: double,
    });
    const addName = g.unique("Add");
    const logit = g.add(addName, "Add", [matmul, readVariable(g, addName, biasName, "DT_DOUBLE")], {
      T: double,
    });
    joined = addJoin(g, library, k === 0, joined, logit);
  });
  addClassOutputs(g, joined, spec.classes);
  const mainOp = addInitOps(g, assigns, state.tableInits);
  const saverDef = addSaver(
    g,
    [...variables.keys()].map((name) => ({ name, dtype: "DT_DOUBLE" as const })),
  );
  const label = spec.labelName ?? "label";
  const metaGraph: MetaGraph = {
    tags: ["serve"],
    tensorflowVersion: spec.tfVersion ?? "2.4.0",
    strippedDefaultAttrs: true,
    graph: { nodes: g.nodes, library, producerVersion: 552 },
    saverDef,
    signatures: {
      serving_default: {
        methodName: "tensorflow/serving/predict",
        inputs: signatureInputs(spec.features),
        outputs: {
          [`predicted_${label}`]: { name: "output_class:0", dtype: "DT_STRING", shape: [-1, 1] },
          [`${label}_probs`]: { name: "output_probs:0", dtype: "DT_DOUBLE", shape: [-1, n] },
          [`${label}_values`]: { name: "output_labels:0", dtype: "DT_STRING", shape: [-1, n] },
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
  return { metaGraph, variables, assets: assetTexts(spec.features) };
}

/**
 * cond_k = StatelessIf(const, previous, logit): the first has a false condition and its else branch
 * returns the logit alone; later ones are true and concatenate [previous, logit] on axis 1.
 */
function addJoin(
  g: GraphBuilder,
  library: FunctionDef[],
  first: boolean,
  previous: string,
  logit: string,
): string {
  const condition = g.constant(`${g.unique("Cast")}/x`, tensor.bool(!first));
  const name = g.unique("cond");
  const id = 63 + library.length * 34;
  const thenName = `${name}_true_${id}`;
  const elseName = `${name}_false_${id + 1}`;
  const arg0 = first ? "concat_const" : `concat_${previous.replace("/", "_").toLowerCase()}`;
  const arg1 = `concat_${logit.toLowerCase()}`;
  const shapes = attr.list({ shape: [first ? [1, 1] : [-1, -1], [-1, 1]] });
  library.push(
    {
      name: thenName,
      inputArgs: [
        { name: arg0, type: "DT_DOUBLE" },
        { name: arg1, type: "DT_DOUBLE" },
      ],
      outputArgs: [{ name: "concat", type: "DT_DOUBLE" }],
      attr: { _input_shapes: shapes },
      nodes: [
        {
          name: "concat/axis",
          op: "Const",
          inputs: [],
          device: "",
          attr: { dtype: attr.type("DT_INT32"), value: { kind: "tensor", value: tensor.int32([1]) } },
        },
        {
          name: "concat_0",
          op: "ConcatV2",
          inputs: [arg0, arg1, "concat/axis:output:0"],
          device: "",
          attr: { N: attr.i(2), T: attr.type("DT_DOUBLE") },
        },
      ],
      ret: { concat: "concat_0:output:0" },
      controlRet: {},
    },
    {
      name: elseName,
      inputArgs: [
        { name: "placeholder", type: "DT_DOUBLE" },
        { name: `${logit.toLowerCase()}_0`, type: "DT_DOUBLE" },
      ],
      outputArgs: [{ name: logit.toLowerCase(), type: "DT_DOUBLE" }],
      attr: { _input_shapes: shapes },
      nodes: [],
      ret: { [logit.toLowerCase()]: `${logit.toLowerCase()}_0` },
      controlRet: {},
    },
  );
  const types = attr.list({ type: ["DT_DOUBLE", "DT_DOUBLE"] });
  g.add(name, "StatelessIf", [condition, previous, logit], {
    Tcond: attr.type("DT_BOOL"),
    Tin: types,
    Tout: attr.list({ type: ["DT_DOUBLE"] }),
    _lower_using_switch_merge: attr.b(true),
    _read_only_resource_inputs: attr.list({}),
    else_branch: attr.func(elseName),
    output_shapes: attr.list({ shape: [[-1, -1]] }),
    then_branch: attr.func(thenName),
  });
  return g.add(`${name}/Identity`, "Identity", [name], { T: attr.type("DT_DOUBLE") });
}
