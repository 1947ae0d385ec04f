import { describe, expect, it } from "vitest";
import type { Tensor } from "../protocol/tensor.js";
import { graphVariableValues } from "./graph-variables.js";
import type { AttrValue, MetaGraph, NodeDef } from "./types.js";

const strings = (values: string[]): AttrValue => ({
  kind: "tensor",
  value: { dtype: "DT_STRING", shape: [values.length], data: values },
});

function node(
  name: string,
  op: string,
  inputs: string[] = [],
  attr: Record<string, AttrValue> = {},
): NodeDef {
  return { name, op, inputs, device: "", attr };
}

function graph(nodes: NodeDef[]): MetaGraph {
  return {
    tags: ["serve"],
    tensorflowVersion: "1.15.5",
    strippedDefaultAttrs: true,
    graph: { nodes, library: [] },
    signatures: {},
    assetFiles: [],
    collections: {},
  };
}

const kernel: Tensor = {
  dtype: "DT_FLOAT",
  shape: [3, 4],
  data: Float32Array.from({ length: 12 }, (_, i) => i),
};

describe("graphVariableValues", () => {
  it("follows RestoreV2 -> Identity -> AssignVariableOp and applies the slice spec", () => {
    const meta = graph([
      node("k/part_0", "VarHandleOp"),
      node("k/part_1", "VarHandleOp"),
      node("save/RestoreV2/tensor_names", "Const", [], { value: strings(["k", "k"]) }),
      node("save/RestoreV2/shape_and_slices", "Const", [], { value: strings(["3 4 0,3:0,1", "3 4 -:1,3"]) }),
      node("save/RestoreV2", "RestoreV2", [
        "save/Const",
        "save/RestoreV2/tensor_names",
        "save/RestoreV2/shape_and_slices",
      ]),
      node("save/Identity", "Identity", ["save/RestoreV2"]),
      node("save/AssignVariableOp", "AssignVariableOp", ["k/part_0", "save/Identity"]),
      node("save/Identity_1", "Identity", ["save/RestoreV2:1"]),
      node("save/AssignVariableOp_1", "AssignVariableOp", ["k/part_1", "save/Identity_1"]),
    ]);
    const values = graphVariableValues(meta, new Map([["k", kernel]]));
    expect(values.get("k/part_0")).toEqual({
      dtype: "DT_FLOAT",
      shape: [3, 1],
      data: Float32Array.of(0, 4, 8),
    });
    expect(values.get("k/part_1")).toEqual({
      dtype: "DT_FLOAT",
      shape: [3, 3],
      data: Float32Array.of(1, 2, 3, 5, 6, 7, 9, 10, 11),
    });
  });

  it("falls back to the shared_name for TF2 resource variables without a restore path", () => {
    const meta = graph([
      node("weights", "VarHandleOp", [], {
        shared_name: { kind: "s", value: new TextEncoder().encode("weights") },
      }),
    ]);
    expect(graphVariableValues(meta, new Map([["weights", kernel]])).get("weights")).toBe(kernel);
  });

  it("refuses a spec that does not fit the checkpoint tensor", () => {
    const meta = graph([
      node("k/part_0", "VariableV2"),
      node("names", "Const", [], { value: strings(["k"]) }),
      node("specs", "Const", [], { value: strings(["3 5 0,3:0,5"]) }),
      node("restore", "RestoreV2", ["prefix", "names", "specs"]),
      node("assign", "Assign", ["k/part_0", "restore"]),
    ]);
    expect(() => graphVariableValues(meta, new Map([["k", kernel]]))).toThrow(/does not fit variable "k"/);
  });
});
