import { describe, expect, it } from "vitest";
import { attr, i32 } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";

// A 3x4 matrix 0..11 and a 2x3x2 tensor 0..11.
const m = i32([3, 4], [...Array(12).keys()]);
const t3 = i32([2, 3, 2], [...Array(12).keys()]);
const v = (xs: number[]) => i32([xs.length], xs);

function slice(input = m, b: number[], e: number[], s: number[], masks: Record<string, number> = {}) {
  const attrs = Object.fromEntries(Object.entries(masks).map(([k, x]) => [k, attr.int(x)]));
  const [out] = runOp("StridedSlice", [input, v(b), v(e), v(s)], attrs);
  return { shape: out!.shape, values: values(out!) };
}

describe("StridedSlice", () => {
  it("takes a plain range of rows", () => {
    expect(slice(m, [1], [3], [1])).toEqual({ shape: [2, 4], values: [4, 5, 6, 7, 8, 9, 10, 11] });
  });

  it("shrinks an axis (shape[0] the BigQuery ML way)", () => {
    const shape = i32([2], [7, 262]);
    expect(slice(shape, [0], [1], [1], { shrink_axis_mask: 1 })).toEqual({ shape: [], values: [7] });
  });

  it("honours begin and end masks and negative strides", () => {
    expect(slice(m, [0, 3], [0, 0], [1, -1], { begin_mask: 1, end_mask: 3 }).values).toEqual([
      3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8,
    ]);
    expect(slice(m, [0, 1], [0, 4], [1, 2], { begin_mask: 1, end_mask: 1 })).toEqual({
      shape: [3, 2],
      values: [1, 3, 5, 7, 9, 11],
    });
  });

  it("clamps out-of-range bounds and handles negative indices", () => {
    expect(slice(m, [-1], [100], [1]).values).toEqual([8, 9, 10, 11]);
    expect(slice(m, [5], [10], [1]).shape).toEqual([0, 4]);
  });

  it("expands an ellipsis over the middle axes", () => {
    // x[..., 1] on [2,3,2] -> [2,3]
    expect(slice(t3, [0, 1], [0, 2], [1, 1], { ellipsis_mask: 1, shrink_axis_mask: 2 })).toEqual({
      shape: [2, 3],
      values: [1, 3, 5, 7, 9, 11],
    });
  });

  it("inserts new axes", () => {
    // x[:, tf.newaxis, 0] on [3,4] -> [3,1]
    expect(
      slice(m, [0, 0, 0], [0, 0, 1], [1, 1, 1], {
        begin_mask: 1,
        end_mask: 1,
        new_axis_mask: 2,
        shrink_axis_mask: 4,
      }),
    ).toEqual({
      shape: [3, 1],
      values: [0, 4, 8],
    });
  });

  it("rejects bad specs with TF's messages", () => {
    expect(() => slice(m, [0], [1], [0])).toThrow("strides[0] must be non-zero");
    expect(() => slice(m, [7], [8], [1], { shrink_axis_mask: 1 })).toThrow(
      "slice index 7 of dimension 0 out of bounds.",
    );
    expect(() => slice(m, [0, 0], [1], [1])).toThrow(/Expected begin, end, and strides to be 1D equal size/);
    expect(() => slice(m, [0, 0], [1, 1], [1, 1], { ellipsis_mask: 3 })).toThrow("Multiple ellipses");
  });
});
