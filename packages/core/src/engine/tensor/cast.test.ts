import { describe, expect, it } from "vitest";
import { f32, f64, i64 } from "../testing/graph-builder.js";
import { castNumber, castTensor } from "./cast.js";
import { OneHotTensor } from "./one-hot-tensor.js";

describe("Cast with TF's CPU semantics", () => {
  it("rounds double to the nearest float32", () => {
    const out = castTensor(f64([3], [20.4, 0.1, 1e40]), "DT_FLOAT");
    expect(Array.from(out.data as Float32Array)).toEqual([Math.fround(20.4), Math.fround(0.1), Infinity]);
    expect(out.data).toBeInstanceOf(Float32Array);
  });

  it("truncates toward zero to integers; NaN and overflow give integer-indefinite", () => {
    expect(castNumber(-2.7, "DT_INT32", "DT_DOUBLE")).toBe(-2);
    expect(castNumber(2.7, "DT_INT64", "DT_FLOAT")).toBe(2);
    expect(castNumber(Number.NaN, "DT_INT32", "DT_DOUBLE")).toBe(-2147483648);
    expect(castNumber(3e9, "DT_INT32", "DT_DOUBLE")).toBe(-2147483648);
    expect(castNumber(1e30, "DT_INT64", "DT_DOUBLE")).toBe(-(2 ** 63));
  });

  it("wraps between integer widths and maps to bool by != 0", () => {
    expect(castNumber(2 ** 32 + 5, "DT_INT32", "DT_INT64")).toBe(5);
    expect(castNumber(300, "DT_UINT8", "DT_INT32")).toBe(44);
    expect(castNumber(-1, "DT_UINT16", "DT_INT32")).toBe(65535);
    expect(castNumber(0.5, "DT_BOOL", "DT_FLOAT")).toBe(1);
    expect(castNumber(Number.NaN, "DT_BOOL", "DT_DOUBLE")).toBe(1);
  });

  it("truncates the mantissa when Truncate is set", () => {
    const x = 0.1; // float32 nearest is above 0.1
    const [up] = castTensor(f64([1], [x]), "DT_FLOAT").data as Float32Array;
    const [down] = castTensor(f64([1], [x]), "DT_FLOAT", true).data as Float32Array;
    expect(up! > x).toBe(true);
    expect(down! < x).toBe(true);
  });

  it("keeps one-hot tensors sparse and refuses strings", () => {
    const hot = new OneHotTensor("DT_FLOAT", [2, 3], Int32Array.from([1, -1]), 1, 0);
    const out = castTensor(hot, "DT_DOUBLE");
    expect(out).toBeInstanceOf(OneHotTensor);
    expect(Array.from(out.data as Float64Array)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(() => castTensor({ dtype: "DT_STRING", shape: [1], data: ["1"] }, "DT_FLOAT")).toThrow(
      /not supported/,
    );
    expect(castTensor(i64([1], [7]), "DT_DOUBLE").data).toBeInstanceOf(Float64Array);
    expect(castTensor(f32([1], [1.5]), "DT_DOUBLE").data).toEqual(Float64Array.from([1.5]));
  });
});
