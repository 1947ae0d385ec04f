import { describe, expect, it } from "vitest";
import { ColumnBlocksTensor } from "../tensor/column-blocks.js";
import { OneHotTensor } from "../tensor/one-hot-tensor.js";
import { attr, bool, f32, f64, i32, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";
import { concat } from "./concat.js";
import { matmul } from "./matmul.js";

describe("arithmetic and comparison kernels", () => {
  it("broadcasts AddV2 and rounds float32 results", () => {
    const [out] = runOp("AddV2", [f64([2, 1], [1, 2]), f64([], [0.5])]);
    expect(values(out!)).toEqual([1.5, 2.5]);
    const [f] = runOp("AddV2", [f32([1], [0.1]), f32([1], [0.2])]);
    expect(values(f!)).toEqual([Math.fround(Math.fround(0.1) + Math.fround(0.2))]);
    expect(() => runOp("AddV2", [f64([2], [1, 2]), f64([3], [1, 2, 3])])).toThrow(
      "Incompatible shapes: [2] vs. [3]",
    );
  });

  it("Add concatenates strings; Equal and NotEqual compare strings", () => {
    expect(values(runOp("Add", [str([1], ["a"]), str([1], ["b"])])[0]!)).toEqual(["ab"]);
    expect(values(runOp("Equal", [str([3], ["", "x", ""]), str([], [""])])[0]!)).toEqual([1, 0, 1]);
    expect(values(runOp("NotEqual", [f64([2], [1, Number.NaN]), f64([], [1])])[0]!)).toEqual([0, 1]);
  });

  it("SelectV2 broadcasts; Select picks whole rows with a vector condition", () => {
    const [v2] = runOp("SelectV2", [bool([2], [true, false]), str([1], ["__empty__"]), str([2], ["a", "b"])]);
    expect(values(v2!)).toEqual(["__empty__", "b"]);
    const [rows] = runOp("Select", [
      bool([2], [false, true]),
      f64([2, 2], [1, 2, 3, 4]),
      f64([2, 2], [5, 6, 7, 8]),
    ]);
    expect(values(rows!)).toEqual([5, 6, 3, 4]);
  });
});

describe("MatMul", () => {
  it("multiplies in double and float32", () => {
    const [d] = runOp("MatMul", [f64([2, 2], [1, 2, 3, 4]), f64([2, 1], [10, 100])]);
    expect(values(d!)).toEqual([210, 430]);
    const [t] = runOp("MatMul", [f64([2, 2], [1, 2, 3, 4]), f64([1, 2], [10, 100])], {
      transpose_b: attr.bool(true),
    });
    expect(values(t!)).toEqual([210, 430]);
    const [f] = runOp("MatMul", [f32([1, 2], [0.1, 0.2]), f32([2, 1], [0.3, 0.7])]);
    expect(f!.data).toBeInstanceOf(Float32Array);
    expect(() => runOp("MatMul", [f64([1, 3], [1, 2, 3]), f64([2, 1], [1, 2])])).toThrow(
      "Matrix size-incompatible",
    );
  });

  it("gives the same numbers on one-hot column blocks as on their dense form", () => {
    const hot = new OneHotTensor("DT_DOUBLE", [3, 4], Int32Array.from([2, -1, 0]), 1, 0);
    const dense = f64([3, 1], [1.5, -2, 0]);
    const blocks = concat([hot, dense], 1);
    expect(blocks).toBeInstanceOf(ColumnBlocksTensor);
    const w = f64([5, 1], [0.1, 0.2, 0.3, 0.4, 1e5]);
    const sparse = matmul(blocks, w);
    const plain = matmul({ dtype: "DT_DOUBLE", shape: blocks.shape, data: blocks.data }, w);
    expect(Array.from(sparse.data as Float64Array)).toEqual(Array.from(plain.data as Float64Array));
    expect(Array.from(sparse.data as Float64Array)).toEqual([0.3 + 1.5e5, -2e5, 0.1]);
  });

  it("keeps NaN semantics when weights are not finite (no zero skipping)", () => {
    const hot = new OneHotTensor("DT_DOUBLE", [1, 2], Int32Array.from([0]), 1, 0);
    const out = matmul(hot, f64([2, 1], [1, Number.POSITIVE_INFINITY]));
    expect(Number.isNaN((out.data as Float64Array)[0])).toBe(true);
  });
});

describe("reductions", () => {
  it("Sum over any axes, keep_dims, and over size-1 axes as a reshape", () => {
    const x = f64([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(values(runOp("Sum", [x, i32([1], [1])])[0]!)).toEqual([6, 15]);
    expect(values(runOp("Sum", [x, i32([1], [0])])[0]!)).toEqual([5, 7, 9]);
    expect(runOp("Sum", [x, i32([1], [-1])], { keep_dims: attr.bool(true) })[0]!.shape).toEqual([2, 1]);
    expect(values(runOp("Sum", [x, i32([2], [0, 1])])[0]!)).toEqual([21]);
    const hot = new OneHotTensor("DT_FLOAT", [2, 1, 3], Int32Array.from([1, 2]), 1, 0);
    const [sum] = runOp("Sum", [hot, i32([1], [-2])]);
    expect(sum!.shape).toEqual([2, 3]);
    expect(values(sum!)).toEqual([0, 1, 0, 0, 0, 1]);
  });

  it("ArgMax returns the first maximum as int64", () => {
    const [out] = runOp("ArgMax", [f64([2, 3], [1, 3, 3, 9, 0, 1]), i32([], [1])]);
    expect(out!.dtype).toBe("DT_INT64");
    expect(values(out!)).toEqual([1, 0]);
  });

  it("Softmax is exp(x - max) times the inverse sum", () => {
    const [out] = runOp("Softmax", [f64([1, 3], [1, 2, 3])]);
    const e = [1, 2, 3].map((x) => Math.exp(x - 3));
    const inv = 1 / (e[0]! + e[1]! + e[2]!);
    expect(values(out!)).toEqual(e.map((x) => x * inv));
  });
});
