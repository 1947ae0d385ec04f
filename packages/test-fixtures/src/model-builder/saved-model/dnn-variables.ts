import type { SaverDef, Tensor } from "@bqdeploy/core";
import type { GraphBuilder } from "./graph-builder.js";
import { attr, tensor } from "./graph-builder.js";

/**
 * A TF1 Estimator variable as a partitioned variable of one part: VariableV2 `<name>/part_0`, its
 * `/read` Identity, and `<name>` (the Identity layers read). Returns the node layers read.
 */
export function addPartitionedVariable(g: GraphBuilder, name: string, value: Tensor): string {
  const part = g.add(`${name}/part_0`, "VariableV2", [], {
    dtype: attr.type(value.dtype),
    shape: attr.shape(value.shape),
    container: attr.s(""),
    shared_name: attr.s(""),
  });
  const read = g.add(`${part}/read`, "Identity", [part], { T: attr.type(value.dtype) });
  return g.add(name, "Identity", [read], { T: attr.type(value.dtype) });
}

/** The slice spec TF1 writes for the only part of a variable: "18 67 0,18:0,67"; "" for scalars. */
export function fullSliceSpec(shape: readonly number[]): string {
  return shape.length === 0 ? "" : `${shape.join(" ")} ${shape.map((d) => `0,${d}`).join(":")}`;
}

/**
 * The Estimator's save/ subgraph: RestoreV2 restores each checkpoint key (sliced by
 * shape_and_slices) and `Assign` writes it into the graph node (`.../part_0` for partitioned ones).
 */
export function addTf1Saver(
  g: GraphBuilder,
  variables: { key: string; node: string; value: Tensor; spec: string }[],
): SaverDef {
  const sorted = [...variables].sort((a, b) => (a.key < b.key ? -1 : 1));
  const string = attr.type("DT_STRING");
  const filename = g.constant("save/Const", tensor.string(["model"]));
  const names = g.constant(
    "save/RestoreV2/tensor_names",
    tensor.string(
      sorted.map((v) => v.key),
      [sorted.length],
    ),
  );
  const slices = g.constant(
    "save/RestoreV2/shape_and_slices",
    tensor.string(
      sorted.map((v) => v.spec),
      [sorted.length],
    ),
  );
  const restore = g.add("save/RestoreV2", "RestoreV2", [filename, names, slices], {
    dtypes: attr.list({ type: sorted.map((v) => v.value.dtype) }),
  });
  const assigns = sorted.map((v, i) =>
    g.add(i === 0 ? "save/Assign" : `save/Assign_${i}`, "Assign", [v.node, `${restore}:${i}`], {
      T: attr.type(v.value.dtype),
    }),
  );
  g.add(
    "save/restore_shard",
    "NoOp",
    assigns.map((a) => `^${a}`),
  );
  g.add("save/restore_all", "NoOp", ["^save/restore_shard"]);
  g.add("save/Identity", "Identity", [filename], { T: string });
  return {
    filenameTensorName: "save/Const:0",
    saveTensorName: "save/Identity:0",
    restoreOpName: "save/restore_all",
  };
}
