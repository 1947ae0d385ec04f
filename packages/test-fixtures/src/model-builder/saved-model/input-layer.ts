import type { AssetFileDef } from "@bqdeploy/core";
import type { FeatureSpec } from "./feature-spec.js";
import { blockWidth, EMPTY_STRING_REPLACEMENT, sortedFeatures } from "./feature-spec.js";
import type { GraphBuilder } from "./graph-builder.js";
import { attr, tensor } from "./graph-builder.js";

/** The asset folder path baked into the graph, as BigQuery ML's Google-internal one is. */
export const BAKED_ASSET_DIR = "/cns/bqdeploy-model-builder/serving-materialize/assets";

/** State shared by the input layers of one graph: replaced string inputs, tables, assets. */
export interface InputState {
  /** Feature name -> the tensor feeding its input layer (the placeholder or its SelectV2). */
  sources: Map<string, string>;
  tableInits: string[];
  assetFiles: AssetFileDef[];
}

/**
 * The placeholders, as BigQuery ML orders them: numeric inputs first, then each string input with its
 * '' -> __empty_string_replacement__ block (Equal, Const, Shape, Tile, SelectV2), all sorted by name.
 */
export function addInputs(g: GraphBuilder, features: readonly FeatureSpec[]): InputState {
  const state: InputState = { sources: new Map(), tableInits: [], assetFiles: [] };
  const sorted = sortedFeatures(features);
  for (const f of sorted.filter((x) => x.kind === "numeric")) {
    const dtype = f.kind === "numeric" ? f.dtype : "DT_STRING";
    g.add(f.name, "Placeholder", [], { dtype: attr.type(dtype), shape: attr.shape([-1]) });
    state.sources.set(f.name, f.name);
  }
  for (const f of sorted.filter((x) => x.kind === "string")) {
    g.add(f.name, "Placeholder", [], { dtype: attr.type("DT_STRING"), shape: attr.shape([-1]) });
    const equal = g.unique("Equal");
    const y = g.constant(`${equal}/y`, tensor.string([""]));
    g.add(equal, "Equal", [f.name, y], { T: attr.type("DT_STRING") });
    const replacement = g.constant(g.unique("Const"), tensor.string([EMPTY_STRING_REPLACEMENT], [1]));
    const shape = g.add(g.unique("Shape"), "Shape", [f.name], { T: attr.type("DT_STRING") });
    const tile = g.add(g.unique("Tile"), "Tile", [replacement, shape], { T: attr.type("DT_STRING") });
    const select = g.add(g.unique("SelectV2"), "SelectV2", [equal, tile, f.name], {
      T: attr.type("DT_STRING"),
    });
    state.sources.set(f.name, select);
  }
  return state;
}

/**
 * One `input_layer` (scope `layer`): per feature in sorted order a one-hot indicator block (strings)
 * or an ExpandDims/Cast block (numbers), each reshaped to [batch, width], then ConcatV2 on axis 1.
 * Returns the concat node (float32, [batch, input width]).
 */
export function addInputLayer(
  g: GraphBuilder,
  layer: string,
  features: readonly FeatureSpec[],
  state: InputState,
): string {
  const blocks = sortedFeatures(features).map((f) => {
    const source = state.sources.get(f.name) as string;
    return f.kind === "string"
      ? indicatorBlock(g, layer, f, source, state)
      : numericBlock(g, layer, f, source);
  });
  const axis = g.constant(`${layer}/concat/axis`, tensor.int32([1]));
  return g.add(`${layer}/concat`, "ConcatV2", [...blocks, axis], {
    N: attr.i(blocks.length),
    T: attr.type("DT_FLOAT"),
  });
}

function numericBlock(g: GraphBuilder, layer: string, f: FeatureSpec, source: string): string {
  const scope = `${layer}/${f.name}`;
  const dim = g.constant(`${scope}/ExpandDims/dim`, tensor.int32([-1]));
  const dtype = f.kind === "numeric" ? f.dtype : "DT_DOUBLE";
  let value = g.add(`${scope}/ExpandDims`, "ExpandDims", [source, dim], { T: attr.type(dtype) });
  if (dtype === "DT_DOUBLE") {
    value = g.add(`${scope}/Cast`, "Cast", [value], {
      DstT: attr.type("DT_FLOAT"),
      SrcT: attr.type("DT_DOUBLE"),
    });
  }
  return reshapeToBatch(g, scope, value, 1);
}

function indicatorBlock(
  g: GraphBuilder,
  layer: string,
  f: FeatureSpec,
  source: string,
  state: InputState,
): string {
  const scope = `${layer}/${f.name}_indicator`;
  const width = blockWidth(f);
  const str = { T: attr.type("DT_STRING") };
  const dim = g.constant(`${scope}/ExpandDims/dim`, tensor.int32([-1]));
  const expanded = g.add(`${scope}/ExpandDims`, "ExpandDims", [source, dim], str);
  const sparse = `${scope}/to_sparse_input`;
  const ignore = g.constant(`${sparse}/ignore_value/x`, tensor.string([""]));
  const notEqual = g.add(`${sparse}/NotEqual`, "NotEqual", [expanded, ignore], str);
  const indices = g.add(`${sparse}/indices`, "Where", [notEqual]);
  const values = g.add(`${sparse}/values`, "GatherNd", [expanded, indices], {
    Tindices: attr.type("DT_INT64"),
    Tparams: attr.type("DT_STRING"),
  });
  const denseShape = g.add(`${sparse}/dense_shape`, "Shape", [expanded], {
    ...str,
    out_type: attr.type("DT_INT64"),
  });
  const table = `${scope}/${f.name}_lookup/hash_table`;
  const bakedPath = `${BAKED_ASSET_DIR}/${f.name}.txt`;
  const assetPath = g.constant(`${table}/asset_path`, tensor.string([bakedPath]));
  const missing = g.constant(`${table}/Const`, tensor.int64([-1]));
  const handle = g.add(`${table}/hash_table`, "HashTableV2", [], {
    key_dtype: attr.type("DT_STRING"),
    shared_name: attr.s(`hash_table_${bakedPath}_${width}_-2_-1`),
    value_dtype: attr.type("DT_INT64"),
  });
  const init = g.add(
    `${table}/table_init/InitializeTableFromTextFileV2`,
    "InitializeTableFromTextFileV2",
    [handle, assetPath],
    {
      key_index: attr.i(-2),
      value_index: attr.i(-1),
      vocab_size: attr.i(width),
    },
  );
  state.tableInits.push(init);
  state.assetFiles.push({ tensorName: `${assetPath}:0`, filename: `${f.name}.txt` });
  const lookup = g.add(
    `${scope}/hash_table_Lookup/LookupTableFindV2`,
    "LookupTableFindV2",
    [handle, values, missing],
    {
      Tin: attr.type("DT_STRING"),
      Tout: attr.type("DT_INT64"),
    },
  );
  const fill = g.constant(`${scope}/SparseToDense/default_value`, tensor.int64([-1]));
  const dense = g.add(`${scope}/SparseToDense`, "SparseToDense", [indices, denseShape, lookup, fill], {
    T: attr.type("DT_INT64"),
    Tindices: attr.type("DT_INT64"),
  });
  const on = g.constant(`${scope}/one_hot/Const`, tensor.float([1]));
  const off = g.constant(`${scope}/one_hot/Const_1`, tensor.float([0]));
  const depth = g.constant(`${scope}/one_hot/depth`, tensor.int32([width]));
  const oneHot = g.add(`${scope}/one_hot`, "OneHot", [dense, depth, on, off], { T: attr.type("DT_FLOAT") });
  const axes = g.constant(`${scope}/Sum/reduction_indices`, tensor.int32([-2], [1]));
  const sum = g.add(`${scope}/Sum`, "Sum", [oneHot, axes], { T: attr.type("DT_FLOAT") });
  return reshapeToBatch(g, scope, sum, width);
}

/** Shape -> StridedSlice (batch size) -> Pack([batch, width]) -> Reshape, as feature columns do. */
function reshapeToBatch(g: GraphBuilder, scope: string, value: string, width: number): string {
  const shape = g.add(`${scope}/Shape`, "Shape", [value], { T: attr.type("DT_FLOAT") });
  const batch = stridedSliceFirst(g, `${scope}/strided_slice`, shape);
  const widthConst = g.constant(`${scope}/Reshape/shape/1`, tensor.int32([width]));
  const packed = g.add(`${scope}/Reshape/shape`, "Pack", [batch, widthConst], {
    N: attr.i(2),
    T: attr.type("DT_INT32"),
  });
  return g.add(`${scope}/Reshape`, "Reshape", [value, packed], { T: attr.type("DT_FLOAT") });
}

/** `name` = StridedSlice(shape, [0], [1], [1]) with shrink_axis_mask 1: the first dimension. */
export function stridedSliceFirst(g: GraphBuilder, name: string, shape: string): string {
  const begin = g.constant(`${name}/stack`, tensor.int32([0], [1]));
  const end = g.constant(`${name}/stack_1`, tensor.int32([1], [1]));
  const strides = g.constant(`${name}/stack_2`, tensor.int32([1], [1]));
  return g.add(name, "StridedSlice", [shape, begin, end, strides], {
    Index: attr.type("DT_INT32"),
    T: attr.type("DT_INT32"),
    shrink_axis_mask: attr.i(1),
  });
}

/** A vocabulary file's text: one entry per line. */
export function vocabularyFile(vocabulary: readonly string[]): string {
  return vocabulary.map((v) => `${v}\n`).join("");
}
