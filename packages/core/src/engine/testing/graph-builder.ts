import type { DType, Tensor } from "../../protocol/tensor.js";
import type {
  AttrValue,
  FunctionDef,
  NodeDef,
  SavedModelBundle,
  TensorInfo,
} from "../../savedmodel/types.js";

/** Test helpers: hand-built graphs (what the reader would decode), for kernel and planner tests. */
export const attr = {
  type: (value: DType): AttrValue => ({ kind: "type", value }),
  int: (value: number): AttrValue => ({ kind: "i", value }),
  bool: (value: boolean): AttrValue => ({ kind: "b", value }),
  str: (value: string): AttrValue => ({ kind: "s", value: new TextEncoder().encode(value) }),
  tensor: (value: Tensor): AttrValue => ({ kind: "tensor", value }),
  func: (name: string): AttrValue => ({ kind: "func", value: { name, attr: {} } }),
  shape: (value: number[] | null): AttrValue => ({ kind: "shape", value }),
};

export function node(
  name: string,
  op: string,
  inputs: string[] = [],
  attrs: Record<string, AttrValue> = {},
): NodeDef {
  return { name, op, inputs, device: "", attr: attrs };
}

export function constNode(name: string, value: Tensor): NodeDef {
  return node(name, "Const", [], { dtype: attr.type(value.dtype), value: attr.tensor(value) });
}

export function placeholder(name: string, dtype: DType, shape: number[] | null = [-1]): NodeDef {
  return node(name, "Placeholder", [], { dtype: attr.type(dtype), shape: attr.shape(shape) });
}

export interface BundleSpec {
  nodes: NodeDef[];
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
  library?: FunctionDef[];
  variables?: Map<string, Tensor>;
  assetPaths?: Map<string, string>;
  collections?: Record<string, string[]>;
}

/** A SavedModelBundle with one serving_default signature. */
export function bundleOf(spec: BundleSpec): SavedModelBundle {
  return {
    dir: "/test/model",
    metaGraph: {
      tags: ["serve"],
      tensorflowVersion: "2.21.0",
      strippedDefaultAttrs: true,
      graph: { nodes: spec.nodes, library: spec.library ?? [] },
      signatures: {
        serving_default: {
          methodName: "tensorflow/serving/predict",
          inputs: spec.inputs,
          outputs: spec.outputs,
        },
      },
      assetFiles: [],
      collections: spec.collections ?? {},
    },
    variables: spec.variables ?? new Map(),
    assetPaths: spec.assetPaths ?? new Map(),
  };
}

export const f64 = (shape: number[], values: number[]): Tensor => ({
  dtype: "DT_DOUBLE",
  shape,
  data: Float64Array.from(values),
});
export const f32 = (shape: number[], values: number[]): Tensor => ({
  dtype: "DT_FLOAT",
  shape,
  data: Float32Array.from(values),
});
export const i32 = (shape: number[], values: number[]): Tensor => ({
  dtype: "DT_INT32",
  shape,
  data: Int32Array.from(values),
});
export const i64 = (shape: number[], values: number[]): Tensor => ({
  dtype: "DT_INT64",
  shape,
  data: Float64Array.from(values),
});
export const str = (shape: number[], values: string[]): Tensor => ({
  dtype: "DT_STRING",
  shape,
  data: values,
});
export const bool = (shape: number[], values: boolean[]): Tensor => ({
  dtype: "DT_BOOL",
  shape,
  data: Uint8Array.from(values.map(Number)),
});
