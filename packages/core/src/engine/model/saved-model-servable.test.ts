import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import type { Servable } from "../../protocol/servable.js";
import type { Tensor } from "../../protocol/tensor.js";
import type { FunctionDef, SavedModelBundle } from "../../savedmodel/types.js";
import {
  attr,
  bool,
  bundleOf,
  constNode,
  f64,
  i64,
  node,
  placeholder,
  str,
} from "../testing/graph-builder.js";
import { createSavedModelServable } from "./saved-model-servable.js";

// then: a + b (through "node:out_arg:index"); else: returns its first argument unchanged.
const addFn: FunctionDef = {
  name: "add_fn",
  inputArgs: [{ name: "a" }, { name: "b" }],
  outputArgs: [{ name: "sum" }],
  attr: {},
  nodes: [node("add", "AddV2", ["a", "b"], { T: attr.type("DT_DOUBLE") })],
  ret: { sum: "add:z:0" },
  controlRet: {},
};
const firstFn: FunctionDef = { ...addFn, name: "first_fn", nodes: [], ret: { sum: "a" } };

/** A small graph with the loading machinery of a BigQuery ML export: restore path, asset table, If. */
function testBundle(vocabPath: string, extraNodes = [] as ReturnType<typeof node>[]): SavedModelBundle {
  return bundleOf({
    nodes: [
      placeholder("x", "DT_DOUBLE"),
      placeholder("word", "DT_STRING"),
      node("w", "VarHandleOp", [], { dtype: attr.type("DT_DOUBLE"), shared_name: attr.str("w") }),
      node("w/Read", "ReadVariableOp", ["w"], { dtype: attr.type("DT_DOUBLE") }),
      constNode("save/Const", str([], ["model"])),
      constNode("save/RestoreV2/tensor_names", str([1], ["weights_in_checkpoint"])),
      constNode("save/RestoreV2/shape_and_slices", str([1], [""])),
      node("save/RestoreV2", "RestoreV2", [
        "save/Const",
        "save/RestoreV2/tensor_names",
        "save/RestoreV2/shape_and_slices",
      ]),
      node("save/Identity", "Identity", ["save/RestoreV2"]),
      node("save/AssignVariableOp", "AssignVariableOp", ["w", "save/Identity"]),
      node("save/SaveV2", "SaveV2", ["save/Const", "save/RestoreV2/tensor_names", "w/Read"]),
      constNode("asset_path", str([], ["/cns/somewhere/assets/words.txt"])),
      node("table", "HashTableV2", [], {
        key_dtype: attr.type("DT_STRING"),
        value_dtype: attr.type("DT_INT64"),
      }),
      node("table_init", "InitializeTableFromTextFileV2", ["table", "asset_path"], {
        key_index: attr.int(-2),
        value_index: attr.int(-1),
      }),
      node("init_all_tables", "NoOp", ["^table_init"]),
      constNode("missing", i64([], [-1])),
      node("lookup", "LookupTableFindV2", ["table", "word", "missing"]),
      constNode("yes", bool([], [true])),
      node("cond", "StatelessIf", ["yes", "x", "w/Read"], {
        then_branch: attr.func("add_fn"),
        else_branch: attr.func("first_fn"),
      }),
      node("cond/Identity", "Identity", ["cond"]),
      ...extraNodes,
    ],
    library: [addFn, firstFn],
    inputs: {
      x: { name: "x:0", dtype: "DT_DOUBLE", shape: [-1] },
      word: { name: "word:0", dtype: "DT_STRING", shape: [-1] },
    },
    outputs: {
      ids: { name: "lookup:0", dtype: "DT_INT64", shape: [-1] },
      shifted: { name: "cond/Identity:0", dtype: "DT_DOUBLE", shape: [-1] },
    },
    variables: new Map([["weights_in_checkpoint", f64([], [100])]]),
    assetPaths: new Map([["asset_path:0", vocabPath]]),
    collections: { saved_model_main_op: ["init_all_tables"] },
  });
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBqdeployError(error)) throw new Error(`expected a BqdeployError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("createSavedModelServable on a hand-built graph", () => {
  let dir: string;
  let vocab: string;
  let servable: Servable;
  const request = (x: number[], words: string[]): Record<string, Tensor> => ({
    x: f64([x.length], x),
    word: str([words.length], words),
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-engine-"));
    vocab = join(dir, "words.txt");
    await writeFile(vocab, "alpha\nbeta\r\n\ngamma\n");
    servable = createSavedModelServable(testBundle(vocab));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads tables from the local asset, variables through the restore path, and runs If branches", async () => {
    const out = await servable.run("serving_default", request([1, 2.5], ["beta", "delta"]), [
      "ids",
      "shifted",
    ]);
    expect(Array.from(out.ids!.data as Float64Array)).toEqual([1, -1]);
    expect(Array.from(out.shifted!.data as Float64Array)).toEqual([101, 102.5]);
    const gamma = await servable.run("serving_default", request([0], ["gamma"]), ["ids"]);
    expect(Array.from(gamma.ids!.data as Float64Array)).toEqual([3]);
  });

  it("initialises tables once, at load (the vocabulary file is not read again)", async () => {
    const other = join(dir, "once.txt");
    await writeFile(other, "only\n");
    const loaded = createSavedModelServable(testBundle(other));
    await rm(other);
    const out = await loaded.run("serving_default", request([0], ["only"]), ["ids"]);
    expect(Array.from(out.ids!.data as Float64Array)).toEqual([0]);
  });

  it("describes signatures from the SignatureDefs", () => {
    expect(servable.signatures.serving_default!.inputs.x).toEqual({
      name: "x:0",
      dtype: "DT_DOUBLE",
      shape: [-1],
    });
    expect(Object.keys(servable.signatures.serving_default!.outputs)).toEqual(["ids", "shifted"]);
  });

  it("refuses at load every op without a kernel on a needed path, listing them all", () => {
    const bundle = testBundle(vocab, [
      node("strange", "FancyOp", ["x"]),
      node("stranger", "BadOp", ["strange"]),
      node("call", "PartitionedCall", ["stranger"], { f: attr.func("weird_fn") }),
    ]);
    bundle.metaGraph.graph.library.push({
      ...addFn,
      name: "weird_fn",
      inputArgs: [{ name: "a" }],
      nodes: [node("w", "WeirdOp", ["a"])],
      ret: { sum: "w:y:0" },
    });
    bundle.metaGraph.signatures.serving_default!.outputs.odd = {
      name: "call:0",
      dtype: "DT_DOUBLE",
      shape: [-1],
    };
    let error: unknown;
    try {
      createSavedModelServable(bundle);
    } catch (e) {
      error = e;
    }
    expect(isBqdeployError(error) && error.code).toBe("UNSUPPORTED_OP");
    expect((error as Error).message).toContain("BadOp, FancyOp, WeirdOp");
    expect((error as Error).message).not.toContain("SaveV2");
    expect(isBqdeployError(error) && error.details.ops).toEqual(["BadOp", "FancyOp", "WeirdOp"]);
  });

  it("checks requests with TF Serving's messages", async () => {
    const noWord = { x: f64([1], [1]) };
    expect(await failure(servable.run("serving_default", noWord, ["ids"]))).toEqual({
      code: "INVALID_ARGUMENT",
      message:
        "input size does not match signature: 1!=2 len({x}) != len({word,x}). Sent extra: {}. Missing but required: {word}.",
    });
    const renamed = { x: f64([1], [1]), wrd: str([1], ["a"]) };
    expect((await failure(servable.run("serving_default", renamed, ["ids"]))).message).toBe(
      "input tensor alias not found in signature: wrd. Inputs expected to be in the set {word,x}.",
    );
    expect((await failure(servable.run("nope", request([1], ["a"]), ["ids"]))).message).toBe(
      'Serving signature name: "nope" not found in signature def',
    );
    expect((await failure(servable.run("serving_default", request([1], ["a"]), ["idz"]))).message).toMatch(
      /^output tensor alias not found in signature: idz/,
    );
    const wrongType = {
      x: { dtype: "DT_FLOAT", shape: [1], data: Float32Array.from([1]) } as Tensor,
      word: str([1], ["a"]),
    };
    expect((await failure(servable.run("serving_default", wrongType, ["ids"]))).message).toBe(
      "Expects arg[1] to be double but float is provided",
    );
  });

  it("rejects wrong ranks, inconsistent batches and malformed tensors without crashing", async () => {
    const rank2 = { x: f64([1, 1], [1]), word: str([1], ["a"]) };
    expect((await failure(servable.run("serving_default", rank2, ["ids"]))).message).toMatch(
      /has shape \[1,1\]/,
    );
    const uneven = request([1, 2], ["a"]);
    expect((await failure(servable.run("serving_default", uneven, ["ids"]))).message).toMatch(
      /same batch size/,
    );
    const lying = { x: f64([3], [1]), word: str([3], ["a", "b", "c"]) };
    expect((await failure(servable.run("serving_default", lying, ["ids"]))).code).toBe("INVALID_ARGUMENT");
    const ok = await servable.run("serving_default", request([], []), ["ids", "shifted"]);
    expect(ok.ids!.shape).toEqual([0]);
  });
});
