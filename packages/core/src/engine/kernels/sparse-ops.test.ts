import { describe, expect, it } from "vitest";
import { OneHotTensor } from "../tensor/one-hot-tensor.js";
import { attr, bool, f32, i32, i64, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";
import { oneHot } from "./sparse-ops.js";

describe("sparse kernels of the BigQuery ML input layer", () => {
  it("Where lists coordinates of true elements as int64 [count, rank]", () => {
    const [out] = runOp("Where", [bool([2, 2], [true, false, false, true])]);
    expect(out!.dtype).toBe("DT_INT64");
    expect(out!.shape).toEqual([2, 2]);
    expect(values(out!)).toEqual([0, 0, 1, 1]);
    expect(runOp("Where", [bool([0, 1], [])])[0]!.shape).toEqual([0, 2]);
  });

  it("GatherNd gathers elements and slices, and rejects out-of-range indices", () => {
    const params = str([3, 1], ["a", "b", "c"]);
    const [out] = runOp("GatherNd", [params, i64([2, 2], [2, 0, 0, 0])]);
    expect(values(out!)).toEqual(["c", "a"]);
    const [rows] = runOp("GatherNd", [i32([2, 2], [1, 2, 3, 4]), i64([1, 1], [1])]);
    expect(rows!.shape).toEqual([1, 2]);
    expect(values(rows!)).toEqual([3, 4]);
    expect(() => runOp("GatherNd", [params, i64([1, 2], [3, 0])])).toThrow(
      "indices[0] = [3, 0] does not index into param shape [3,1]",
    );
  });

  it("SparseToDense fills the default and validates order", () => {
    const [out] = runOp("SparseToDense", [
      i64([2, 2], [0, 0, 2, 0]),
      i64([2], [3, 1]),
      i64([2], [5, 7]),
      i64([], [-1]),
    ]);
    expect(out!.shape).toEqual([3, 1]);
    expect(values(out!)).toEqual([5, -1, 7]);
    expect(() =>
      runOp("SparseToDense", [i64([2, 2], [2, 0, 0, 0]), i64([2], [3, 1]), i64([2], [5, 7]), i64([], [-1])]),
    ).toThrow("indices[1] = [0,0] is out of order");
    const lax = runOp(
      "SparseToDense",
      [i64([2, 2], [2, 0, 0, 0]), i64([2], [3, 1]), i64([2], [5, 7]), i64([], [-1])],
      {
        validate_indices: attr.bool(false),
      },
    );
    expect(values(lax[0]!)).toEqual([7, -1, 5]);
  });

  it("OneHot along the last axis stays sparse; -1 and out-of-range give an all-off row", () => {
    const t = oneHot(i64([3, 1], [1, -1, 9]), 3, 1, 0, -1, "DT_FLOAT");
    expect(t).toBeInstanceOf(OneHotTensor);
    expect(t.shape).toEqual([3, 1, 3]);
    expect(Array.from(t.data as Float32Array)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("OneHot along axis 0 and with off values is dense and correct", () => {
    const [out] = runOp("OneHot", [i64([2], [1, 0]), i32([], [3]), f32([], [5]), f32([], [-1])], {
      axis: attr.int(0),
    });
    expect(out!.shape).toEqual([3, 2]);
    expect(values(out!)).toEqual([-1, 5, 5, -1, -1, -1]);
  });
});
