import type { GraphBuilder } from "./graph-builder.js";
import { attr, tensor } from "./graph-builder.js";
import { stridedSliceFirst } from "./input-layer.js";

/**
 * The classifier head of BigQuery ML's logistic_reg export over `logits` ([batch, classes], double):
 * output_labels (the class names tiled per row), output_class (ArgMax, then GatherNd into the labels)
 * and output_probs (Softmax reshaped like the labels).
 */
export function addClassOutputs(g: GraphBuilder, logits: string, classes: string[]): void {
  const int32 = attr.type("DT_INT32");
  const str = attr.type("DT_STRING");
  const labels = g.constant(g.unique("Const"), tensor.string(classes, [classes.length]));
  const rowName = g.unique("ExpandDims");
  const dim = g.constant(`${rowName}/dim`, tensor.int32([0]));
  const row = g.add(rowName, "ExpandDims", [labels, dim], { T: str });
  const shape = g.add(g.unique("Shape"), "Shape", [logits], { T: attr.type("DT_DOUBLE") });
  const batch = stridedSliceFirst(g, g.unique("strided_slice"), shape);
  const one = g.constant("output_labels/multiples/1", tensor.int32([1]));
  const multiples = g.add("output_labels/multiples", "Pack", [batch, one], { N: attr.i(2), T: int32 });
  const tiled = g.add("output_labels", "Tile", [row, multiples], { T: str });
  const axis = g.constant("ArgMax/dimension", tensor.int32([1]));
  const argmax = g.add("ArgMax", "ArgMax", [logits, axis], { T: attr.type("DT_DOUBLE") });
  const argShape = g.add(g.unique("Shape"), "Shape", [argmax], { T: attr.type("DT_INT64") });
  const rows = stridedSliceFirst(g, g.unique("strided_slice"), argShape);
  const start = g.constant("range/start", tensor.int32([0]));
  const delta = g.constant("range/delta", tensor.int32([1]));
  const range = g.add("range", "Range", [start, rows, delta]);
  const rowIds = g.add(g.unique("Cast"), "Cast", [range], { DstT: attr.type("DT_INT64"), SrcT: int32 });
  const stack = g.add("stack", "Pack", [rowIds, argmax], {
    N: attr.i(2),
    T: attr.type("DT_INT64"),
    axis: attr.i(1),
  });
  const picked = g.add("GatherNd", "GatherNd", [tiled, stack], {
    Tindices: attr.type("DT_INT64"),
    Tparams: str,
  });
  const classShape = g.constant("output_class/shape", tensor.int32([-1, 1], [2]));
  g.add("output_class", "Reshape", [picked, classShape], { T: str });
  const softmax = g.add("Softmax", "Softmax", [logits], { T: attr.type("DT_DOUBLE") });
  const labelShape = g.add(g.unique("Shape"), "Shape", [tiled], { T: str });
  g.add("output_probs", "Reshape", [softmax, labelShape], { T: attr.type("DT_DOUBLE") });
}
