import type { DType, Tensor } from "../protocol/tensor.js";

/**
 * The decoded form of a SavedModel: what src/savedmodel produces and src/engine executes.
 * Field numbers and meanings: ../shared/reference/savedmodel-format.md.
 */

/** A decoded AttrValue. Types are given as DType names (unknown enum values as "DT_<n>"). */
export type AttrValue =
  | { kind: "s"; value: Uint8Array }
  | { kind: "i"; value: number }
  | { kind: "f"; value: number }
  | { kind: "b"; value: boolean }
  | { kind: "type"; value: DType | `DT_${number}` }
  | { kind: "shape"; value: ShapeProto }
  | { kind: "tensor"; value: Tensor }
  | { kind: "list"; value: AttrList }
  | { kind: "func"; value: NameAttrList }
  | { kind: "placeholder"; value: string };

export interface AttrList {
  s: Uint8Array[];
  i: number[];
  f: number[];
  b: boolean[];
  type: (DType | `DT_${number}`)[];
  shape: ShapeProto[];
  tensor: Tensor[];
  func: NameAttrList[];
}

export interface NameAttrList {
  name: string;
  attr: Record<string, AttrValue>;
}

/** Dimensions (-1 unknown); null when the rank is unknown. */
export type ShapeProto = number[] | null;

export interface NodeDef {
  name: string;
  op: string;
  /** "x", "x:1" (output 1), "^x" (control input); inside functions "x:out_arg:0". */
  inputs: string[];
  device: string;
  attr: Record<string, AttrValue>;
}

export interface ArgDef {
  name: string;
  /** Fixed type, or the name of the attr holding it (typeAttr / numberAttr / typeListAttr). */
  type?: DType | `DT_${number}`;
  typeAttr?: string;
  numberAttr?: string;
  typeListAttr?: string;
}

export interface FunctionDef {
  name: string;
  inputArgs: ArgDef[];
  outputArgs: ArgDef[];
  /** Attrs of the function itself. */
  attr: Record<string, AttrValue>;
  nodes: NodeDef[];
  /** Output arg name -> "node:out_arg:index" inside the body. */
  ret: Record<string, string>;
  /** Control outputs (ignored for inference). */
  controlRet: Record<string, string>;
}

export interface GraphDef {
  nodes: NodeDef[];
  library: FunctionDef[];
  producerVersion?: number;
}

export interface TensorInfo {
  /** Graph tensor name, e.g. "fare_amount:0"; undefined for composite (sparse) tensors. */
  name?: string;
  dtype: DType | `DT_${number}`;
  shape: ShapeProto;
}

export interface SignatureDef {
  methodName: string;
  inputs: Record<string, TensorInfo>;
  outputs: Record<string, TensorInfo>;
}

export interface AssetFileDef {
  /** e.g. "Const_2:0" or "asset_path_initializer:0": the graph tensor that holds the asset's path. */
  tensorName: string;
  /** File name under assets/. */
  filename: string;
}

export interface SaverDef {
  filenameTensorName: string;
  saveTensorName: string;
  restoreOpName: string;
}

export interface MetaGraph {
  tags: string[];
  tensorflowVersion: string;
  strippedDefaultAttrs: boolean;
  graph: GraphDef;
  saverDef?: SaverDef;
  signatures: Record<string, SignatureDef>;
  assetFiles: AssetFileDef[];
  /** collection_def entries that matter for loading, e.g. "saved_model_main_op", "table_initializer" (node names). */
  collections: Record<string, string[]>;
}

/** One entry of variables.index (BundleEntryProto), as read. */
export interface BundleEntry {
  dtype: DType | `DT_${number}`;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  crc32c: number;
  /** Slice specs for partitioned variables (TF1). */
  slices: { start: number; length: number }[][];
}

/** A SavedModel folder, read and checked; variables decoded eagerly (they are small for BigQuery ML). */
export interface SavedModelBundle {
  dir: string;
  metaGraph: MetaGraph;
  /** Checkpoint key (e.g. "0_weight" or "dnn/hiddenlayer_0/kernel") -> value. Empty when there is no variables/. */
  variables: Map<string, Tensor>;
  /** Checkpoint key -> its variables.index entry (dtype, shape, shard, slices); absent when not read. */
  variableEntries?: Map<string, BundleEntry>;
  /**
   * Graph variable node name (VarHandleOp / VariableV2) -> its value, resolved through the saver's
   * RestoreV2 ops (so TF1 `.../kernel/part_0` nodes get their slice of `.../kernel`). Absent when not read.
   */
  graphVariables?: Map<string, Tensor>;
  /** Graph tensor name of an asset path constant -> absolute local path under assets/. */
  assetPaths: Map<string, string>;
}
