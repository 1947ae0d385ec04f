import type { TensorInfo } from "@bqdeploy/core";
import type { GraphBuilder } from "./graph-builder.js";
import { attr, tensor } from "./graph-builder.js";
import { stridedSliceFirst } from "./input-layer.js";

const P = "dnn/head/predictions";

/**
 * The Estimator classifier head over float32 `logits`: probabilities (Softmax; for two classes over
 * [0, logit] with `logistic` = Sigmoid), class_ids (ArgMax), classes (an int64 -> string table filled
 * by LookupTableImportV2), all_class_ids and all_classes tiled per row. Returns the signature outputs
 * and the table's init node.
 */
export function addDnnHead(
  g: GraphBuilder,
  logits: string,
  classes: string[],
): { outputs: Record<string, TensorInfo>; tableInit: string } {
  const n = classes.length;
  const float = attr.type("DT_FLOAT");
  const int32 = attr.type("DT_INT32");
  const outputs: Record<string, TensorInfo> = {
    logits: { name: `${logits}:0`, dtype: "DT_FLOAT", shape: [-1, n === 2 ? 1 : n] },
  };
  let scores = logits;
  if (n === 2) {
    g.add(`${P}/logistic`, "Sigmoid", [logits], { T: float });
    outputs.logistic = { name: `${P}/logistic:0`, dtype: "DT_FLOAT", shape: [-1, 1] };
    const zeros = g.add(`${P}/zeros_like`, "ZerosLike", [logits], { T: float });
    const axis = g.constant(`${P}/two_class_logits/axis`, tensor.int32([-1]));
    scores = g.add(`${P}/two_class_logits`, "ConcatV2", [zeros, logits, axis], { N: attr.i(2), T: float });
  }
  g.add(`${P}/probabilities`, "Softmax", [scores], { T: float });
  outputs.probabilities = { name: `${P}/probabilities:0`, dtype: "DT_FLOAT", shape: [-1, n] };
  const dim = g.constant(`${P}/class_ids/dimension`, tensor.int32([-1]));
  const ids = g.add(`${P}/class_ids`, "ArgMax", [scores, dim], { T: float });
  const expandDim = g.constant(`${P}/ExpandDims/dim`, tensor.int32([-1]));
  const classIds = g.add(`${P}/ExpandDims`, "ExpandDims", [ids, expandDim], { T: attr.type("DT_INT64") });
  outputs.class_ids = { name: `${classIds}:0`, dtype: "DT_INT64", shape: [-1, 1] };

  const table = g.add(`${P}/class_string_lookup/hash_table`, "HashTableV2", [], {
    key_dtype: attr.type("DT_INT64"),
    value_dtype: attr.type("DT_STRING"),
    shared_name: attr.s(`hash_table_${classes.join("_")}`),
  });
  const keys = g.constant(
    `${P}/class_string_lookup/Const`,
    tensor.int64(
      classes.map((_, i) => i),
      [n],
    ),
  );
  const values = g.constant(`${P}/class_string_lookup/Const_1`, tensor.string(classes, [n]));
  const tableInit = g.add(
    `${P}/class_string_lookup/table_init/LookupTableImportV2`,
    "LookupTableImportV2",
    [table, keys, values],
    {
      Tin: attr.type("DT_INT64"),
      Tout: attr.type("DT_STRING"),
    },
  );
  const fallback = g.constant(`${P}/hash_table_Lookup/default_value`, tensor.string(["UNK"]));
  const found = g.add(
    `${P}/hash_table_Lookup/LookupTableFindV2`,
    "LookupTableFindV2",
    [table, classIds, fallback],
    {
      Tin: attr.type("DT_INT64"),
      Tout: attr.type("DT_STRING"),
    },
  );
  outputs.classes = { name: `${found}:0`, dtype: "DT_STRING", shape: [-1, 1] };

  const shape = g.add(`${P}/Shape`, "Shape", [scores], { T: float });
  const batch = stridedSliceFirst(g, `${P}/strided_slice`, shape);
  const one = g.constant(`${P}/Tile/multiples/1`, tensor.int32([1]));
  const multiples = g.add(`${P}/Tile/multiples`, "Pack", [batch, one], { N: attr.i(2), T: int32 });
  const range = g.add(`${P}/range`, "Range", [
    g.constant(`${P}/range/start`, tensor.int32([0])),
    g.constant(`${P}/range/limit`, tensor.int32([n])),
    g.constant(`${P}/range/delta`, tensor.int32([1])),
  ]);
  const zero = g.constant(`${P}/ExpandDims_1/dim`, tensor.int32([0]));
  const idRow = g.add(`${P}/ExpandDims_1`, "ExpandDims", [range, zero], { T: int32 });
  g.add(`${P}/Tile`, "Tile", [idRow, multiples], { T: int32 });
  outputs.all_class_ids = { name: `${P}/Tile:0`, dtype: "DT_INT32", shape: [-1, n] };
  const names = g.constant(`${P}/Const`, tensor.string(classes, [n]));
  const nameRow = g.add(`${P}/ExpandDims_2`, "ExpandDims", [names, zero], { T: attr.type("DT_STRING") });
  g.add(`${P}/Tile_1`, "Tile", [nameRow, multiples], { T: attr.type("DT_STRING") });
  outputs.all_classes = { name: `${P}/Tile_1:0`, dtype: "DT_STRING", shape: [-1, n] };
  return { outputs, tableInit };
}
