import type { SaverDef, Tensor } from "@bqdeploy/core";
import type { GraphBuilder } from "./graph-builder.js";
import { attr, tensor } from "./graph-builder.js";

/**
 * A resource variable as TF2's compat.v1 graph writes it: Const (the initial value), VarHandleOp,
 * VarIsInitializedOp, AssignVariableOp, ReadVariableOp. Returns the Assign node (for `init`).
 */
export function addVariable(g: GraphBuilder, name: string, value: Tensor): string {
  const initial = g.constant(g.unique("Const"), value);
  const dtype = attr.type(value.dtype);
  g.add(name, "VarHandleOp", [], {
    _class: attr.list({ s: [new TextEncoder().encode(`loc:@${name}`)] }),
    dtype,
    shape: attr.shape(value.shape),
    shared_name: attr.s(name),
  });
  g.add(`${name}/IsInitialized/VarIsInitializedOp`, "VarIsInitializedOp", [name]);
  const assign = g.add(`${name}/Assign`, "AssignVariableOp", [name, initial], { dtype });
  g.add(`${name}/Read/ReadVariableOp`, "ReadVariableOp", [name], { dtype });
  return assign;
}

/** A ReadVariableOp named `<scope>/ReadVariableOp` (how MatMul and AddV2 read their variable). */
export function readVariable(
  g: GraphBuilder,
  scope: string,
  variable: string,
  dtype: Tensor["dtype"],
): string {
  return g.add(`${scope}/ReadVariableOp`, "ReadVariableOp", [variable], { dtype: attr.type(dtype) });
}

/** init, init_all_tables, group_deps and init_all_tables_1 (the saved_model_main_op). */
export function addInitOps(g: GraphBuilder, assigns: string[], tableInits: string[]): string {
  g.add(
    "init",
    "NoOp",
    assigns.map((a) => `^${a}`),
  );
  g.add(
    "init_all_tables",
    "NoOp",
    tableInits.map((t) => `^${t}`),
  );
  g.add("group_deps", "NoOp", ["^init", "^init_all_tables"]);
  return g.add(
    "init_all_tables_1",
    "NoOp",
    tableInits.map((t) => `^${t}`),
  );
}

/**
 * The V1 Saver's save/ subgraph (SaveV2, RestoreV2 with tensor_names / shape_and_slices, one
 * AssignVariableOp per variable). Never on the inference path, but present in every export.
 */
export function addSaver(g: GraphBuilder, variables: { name: string; dtype: Tensor["dtype"] }[]): SaverDef {
  const sorted = [...variables].sort((a, b) => (a.name < b.name ? -1 : 1));
  const names = sorted.map((v) => v.name);
  const str = (value: string): Tensor => tensor.string([value]);
  const filenameInput = g.constant("save/filename/input", str("model"));
  const ph = (shape: number[]) => ({ dtype: attr.type("DT_STRING"), shape: attr.shape(shape) });
  const filename = g.add("save/filename", "PlaceholderWithDefault", [filenameInput], ph([]));
  const prefix = g.add("save/Const", "PlaceholderWithDefault", [filename], ph([]));
  const isS3 = g.add("save/StaticRegexFullMatch", "StaticRegexFullMatch", [prefix], {
    pattern: attr.s("^s3://.*"),
  });
  const part = g.constant("save/Const_1", str(".part"));
  const temp = g.constant("save/Const_2", str("_temp/part"));
  const suffix = g.add("save/Select", "Select", [isS3, part, temp], { T: attr.type("DT_STRING") });
  const joined = g.add("save/StringJoin", "StringJoin", [prefix, suffix], { N: attr.i(2) });
  const numShards = g.constant("save/num_shards", tensor.int32([1]));
  const shard = g.constant("save/ShardedFilename/shard", tensor.int32([0]));
  const sharded = g.add("save/ShardedFilename", "ShardedFilename", [joined, shard, numShards]);
  const tensorNames = g.constant("save/SaveV2/tensor_names", tensor.string(names, [names.length]));
  const slices = g.constant(
    "save/SaveV2/shape_and_slices",
    tensor.string(
      names.map(() => ""),
      [names.length],
    ),
  );
  const dtypes = attr.list({ type: sorted.map((v) => v.dtype) });
  const reads = names.map((n) => `${n}/Read/ReadVariableOp`);
  const save = g.add("save/SaveV2", "SaveV2", [sharded, tensorNames, slices, ...reads], { dtypes });
  const control = g.add("save/control_dependency", "Identity", [sharded, `^${save}`], {
    T: attr.type("DT_STRING"),
  });
  const prefixes = g.add("save/MergeV2Checkpoints/checkpoint_prefixes", "Pack", [sharded, `^${control}`], {
    N: attr.i(1),
    T: attr.type("DT_STRING"),
  });
  const merge = g.add("save/MergeV2Checkpoints", "MergeV2Checkpoints", [prefixes, prefix]);
  g.add("save/Identity", "Identity", [prefix, `^${merge}`, `^${control}`], { T: attr.type("DT_STRING") });
  const restoreNames = g.constant("save/RestoreV2/tensor_names", tensor.string(names, [names.length]));
  const restoreSlices = g.constant(
    "save/RestoreV2/shape_and_slices",
    tensor.string(
      names.map(() => ""),
      [names.length],
    ),
  );
  const restore = g.add("save/RestoreV2", "RestoreV2", [prefix, restoreNames, restoreSlices], { dtypes });
  const assigns = sorted.map((v, i) => {
    const suffixN = i === 0 ? "" : `_${i}`;
    const identity = g.add(`save/Identity_${i + 1}`, "Identity", [i === 0 ? restore : `${restore}:${i}`], {
      T: attr.type(v.dtype),
    });
    return g.add(`save/AssignVariableOp${suffixN}`, "AssignVariableOp", [v.name, identity], {
      dtype: attr.type(v.dtype),
    });
  });
  g.add(
    "save/restore_shard",
    "NoOp",
    assigns.map((a) => `^${a}`),
  );
  g.add("save/restore_all", "NoOp", ["^save/restore_shard"]);
  return {
    filenameTensorName: "save/Const:0",
    saveTensorName: "save/Identity:0",
    restoreOpName: "save/restore_all",
  };
}
