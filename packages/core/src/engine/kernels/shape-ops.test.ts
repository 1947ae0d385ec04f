import { describe, expect, it } from "vitest";
import { attr, f64, i32, i64, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";

describe("shape kernels", () => {
  it("Shape gives int32 by default and int64 on request", () => {
    expect(values(runOp("Shape", [f64([4, 2], Array(8).fill(0))])[0]!)).toEqual([4, 2]);
    expect(runOp("Shape", [f64([4], [0, 0, 0, 0])], { out_type: attr.type("DT_INT64") })[0]!.dtype).toBe(
      "DT_INT64",
    );
  });

  it("ExpandDims and Reshape (with -1) keep the values", () => {
    expect(runOp("ExpandDims", [str([2], ["a", "b"]), i32([], [-1])])[0]!.shape).toEqual([2, 1]);
    expect(runOp("ExpandDims", [str([2], ["a", "b"]), i32([], [0])])[0]!.shape).toEqual([1, 2]);
    expect(runOp("Reshape", [f64([2, 3], [1, 2, 3, 4, 5, 6]), i32([2], [-1, 2])])[0]!.shape).toEqual([3, 2]);
    expect(() => runOp("Reshape", [f64([2], [1, 2]), i32([1], [3])])).toThrow(
      "Input to reshape is a tensor with 2 values, but the requested shape has 3",
    );
  });

  it("Pack stacks along an axis", () => {
    expect(values(runOp("Pack", [i32([], [5]), i32([], [262])])[0]!)).toEqual([5, 262]);
    const [out] = runOp("Pack", [i64([2], [0, 1]), i64([2], [7, 8])], { axis: attr.int(1) });
    expect(out!.shape).toEqual([2, 2]);
    expect(values(out!)).toEqual([0, 7, 1, 8]);
  });

  it("Tile repeats along each axis", () => {
    expect(values(runOp("Tile", [str([1], ["x"]), i32([1], [3])])[0]!)).toEqual(["x", "x", "x"]);
    const [out] = runOp("Tile", [str([1, 3], ["a", "b", "c"]), i32([2], [2, 1])]);
    expect(out!.shape).toEqual([2, 3]);
    expect(values(out!)).toEqual(["a", "b", "c", "a", "b", "c"]);
    expect(() => runOp("Tile", [str([1], ["x"]), i32([2], [1, 1])])).toThrow(
      "Expected multiples argument to be a vector of length 1",
    );
  });

  it("ConcatV2 joins along an axis and reports mismatches as TF does", () => {
    const [out] = runOp("ConcatV2", [f64([1, 2], [1, 2]), f64([1, 1], [3]), i32([], [1])]);
    expect(values(out!)).toEqual([1, 2, 3]);
    const [rows] = runOp("ConcatV2", [f64([1, 2], [1, 2]), f64([1, 2], [3, 4]), i32([], [0])]);
    expect(rows!.shape).toEqual([2, 2]);
    expect(() => runOp("ConcatV2", [f64([2, 1], [1, 2]), f64([1, 1], [3]), i32([], [1])])).toThrow(
      "ConcatOp : Dimension 0 in both shapes must be equal: shape[0] = [2,1] vs. shape[1] = [1,1]",
    );
  });

  it("Range counts like TF", () => {
    expect(values(runOp("Range", [i32([], [0]), i32([], [4]), i32([], [1])])[0]!)).toEqual([0, 1, 2, 3]);
    expect(values(runOp("Range", [i32([], [5]), i32([], [0]), i32([], [-2])])[0]!)).toEqual([5, 3, 1]);
    expect(() => runOp("Range", [i32([], [5]), i32([], [0]), i32([], [1])])).toThrow(
      "Requires start <= limit when delta > 0: 5/0",
    );
  });

  it("AsString formats integers, floats and bools like TF's printf formats", () => {
    expect(values(runOp("AsString", [i64([2], [132, -7])])[0]!)).toEqual(["132", "-7"]);
    expect(values(runOp("AsString", [f64([1], [1.5])])[0]!)).toEqual(["1.500000"]);
    expect(values(runOp("AsString", [f64([2], [1.5, 1e-7])], { shortest: attr.bool(true) })[0]!)).toEqual([
      "1.5",
      "1e-07",
    ]);
    expect(
      values(runOp("AsString", [i32([1], [7])], { width: attr.int(3), fill: attr.str("0") })[0]!),
    ).toEqual(["007"]);
  });
});
