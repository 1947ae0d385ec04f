import { join } from "node:path";
import type { MetaGraph, TensorInfo } from "@bqdeploy/core";
import { attr, GraphBuilder, tensor } from "./graph-builder.js";
import { buildLinearRegModel, type LinearRegSpec } from "./linear-reg.js";
import { type SavedModelContents, writeSavedModel } from "./write-saved-model.js";

/** A TRANSFORM input: what requests send, one value per row. */
export type TransformInputDType = "DT_DOUBLE" | "DT_FLOAT" | "DT_INT64" | "DT_STRING";

/**
 * A TRANSFORM clause as the builder writes it: inputs (the raw columns) and outputs (the model's
 * features), each output an input passed through or a floating input times a constant.
 */
export interface TransformSpec {
  inputs: Record<string, TransformInputDType>;
  outputs: Record<string, { from: string; times?: number }>;
}

/**
 * The `transform/` SavedModel of a TRANSFORM clause: a `serving_default` signature from Placeholders to
 * Identity or Mul nodes, no variables. Real exports are TF2 object-based SavedModels with functions; the
 * engine serves both the same way, so a plain graph is enough to exercise serving a TRANSFORM model.
 */
export function transformContents(spec: TransformSpec): SavedModelContents {
  const g = new GraphBuilder();
  for (const [name, dtype] of Object.entries(spec.inputs))
    g.add(name, "Placeholder", [], { dtype: attr.type(dtype), shape: attr.shape([-1]) });
  const outputs: Record<string, TensorInfo> = {};
  for (const [name, { from, times }] of Object.entries(spec.outputs)) {
    const dtype = spec.inputs[from];
    if (!dtype) throw new Error(`transformContents: output "${name}" reads "${from}", which is not an input`);
    let node: string;
    if (times === undefined) {
      node = g.add(`transform/${name}`, "Identity", [from], { T: attr.type(dtype) });
    } else {
      if (dtype !== "DT_DOUBLE" && dtype !== "DT_FLOAT")
        throw new Error(`transformContents: "${from}" is ${dtype}; only floating inputs can be scaled`);
      const factor = g.constant(
        `transform/${name}/y`,
        dtype === "DT_FLOAT" ? tensor.float([times]) : tensor.double([times]),
      );
      node = g.add(`transform/${name}`, "Mul", [from, factor], { T: attr.type(dtype) });
    }
    outputs[name] = { name: `${node}:0`, dtype, shape: [-1] };
  }
  const metaGraph: MetaGraph = {
    tags: ["serve"],
    tensorflowVersion: "2.12.0",
    strippedDefaultAttrs: true,
    graph: { nodes: g.nodes, library: [], producerVersion: 1395 },
    signatures: {
      serving_default: {
        methodName: "tensorflow/serving/predict",
        inputs: Object.fromEntries(
          Object.entries(spec.inputs).map(([name, dtype]) => [
            name,
            { name: `${name}:0`, dtype, shape: [-1] },
          ]),
        ),
        outputs,
      },
    },
    assetFiles: [],
    collections: {},
  };
  return { metaGraph, variables: new Map() };
}

/**
 * Writes a linear_reg model trained with TRANSFORM: the model in `dir` (its features are the
 * TRANSFORM's outputs) and the TRANSFORM in `dir/transform`, as BigQuery ML exports them.
 */
export async function buildTransformModel(
  dir: string,
  spec: { model: LinearRegSpec; transform: TransformSpec },
): Promise<void> {
  for (const feature of spec.model.features) {
    if (!Object.hasOwn(spec.transform.outputs, feature.name))
      throw new Error(`buildTransformModel: the model's feature "${feature.name}" is no TRANSFORM output`);
  }
  await buildLinearRegModel(dir, spec.model);
  await writeSavedModel(join(dir, "transform"), transformContents(spec.transform));
}
