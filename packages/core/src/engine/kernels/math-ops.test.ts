import { describe, expect, it } from "vitest";
import { LookupTable } from "./lookup-table.js";
import { attr, f32, f64, i64, str } from "../testing/graph-builder.js";
import { runOp, values } from "../testing/run-kernel.js";
import { fingerprint64 } from "./fingerprint64.js";

describe("DNN and TRANSFORM arithmetic kernels", () => {
  it("Sub, Mul, RealDiv, Maximum, Minimum broadcast and round float32 results", () => {
    expect(values(runOp("Sub", [f64([2], [5, 1]), f64([], [2])])[0]!)).toEqual([3, -1]);
    expect(values(runOp("Mul", [f64([2], [1.5, 2]), f64([2], [2, 0.25])])[0]!)).toEqual([3, 0.5]);
    expect(values(runOp("RealDiv", [f32([1], [1]), f32([1], [3])])[0]!)).toEqual([Math.fround(1 / 3)]);
    expect(values(runOp("RealDiv", [i64([2], [7, -7]), i64([], [2])])[0]!)).toEqual([3, -3]);
    expect(values(runOp("Maximum", [f64([3], [1, 5, Number.NaN]), f64([], [3])])[0]!)).toEqual([
      3,
      5,
      Number.NaN,
    ]);
    expect(values(runOp("Minimum", [f64([2], [1, 5]), f64([], [3])])[0]!)).toEqual([1, 3]);
  });

  it("BiasAdd adds along the last axis and checks the bias length", () => {
    const [out] = runOp("BiasAdd", [f32([2, 2], [1, 2, 3, 4]), f32([2], [10, 20])]);
    expect(out!.shape).toEqual([2, 2]);
    expect(values(out!)).toEqual([11, 22, 13, 24]);
    expect(() => runOp("BiasAdd", [f32([2, 2], [1, 2, 3, 4]), f32([3], [1, 2, 3])])).toThrow(
      "Must provide as many biases as the last dimension",
    );
  });

  it("Relu, Sigmoid, ZerosLike, BroadcastTo", () => {
    expect(values(runOp("Relu", [f32([3], [-1, 0, 2.5])])[0]!)).toEqual([0, 0, 2.5]);
    expect(values(runOp("Sigmoid", [f32([2], [0, 2])])[0]!)).toEqual([
      0.5,
      Math.fround(1 / (1 + Math.exp(-2))),
    ]);
    const [z] = runOp("ZerosLike", [f32([1, 2], [3, 4])]);
    expect(z!.shape).toEqual([1, 2]);
    expect(values(z!)).toEqual([0, 0]);
    const [b] = runOp("BroadcastTo", [
      f64([], [7]),
      { dtype: "DT_INT32", shape: [2], data: new Int32Array([2, 2]) },
    ]);
    expect(b!.shape).toEqual([2, 2]);
    expect(values(b!)).toEqual([7, 7, 7, 7]);
    expect(() =>
      runOp("BroadcastTo", [
        f64([3], [1, 2, 3]),
        { dtype: "DT_INT32", shape: [1], data: new Int32Array([2]) },
      ]),
    ).toThrow("Unable to broadcast tensor of shape [3] to tensor of shape [2]");
  });
});

describe("Estimator table ops and hashing", () => {
  it("FarmHash Fingerprint64 matches TensorFlow's StringToHashBucketFast test values", () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    expect(fingerprint64(bytes("a"))).toBe(12917804110809363939n);
    expect(fingerprint64(bytes("b"))).toBe(11795596070477164822n);
    expect(fingerprint64(bytes("c"))).toBe(11430444447143000872n);
    expect(fingerprint64(bytes("d"))).toBe(4470636696479570465n);
    // Longer strings reach the 17-32, 33-64 and > 64 byte branches: stable, distinct, 64-bit.
    const long = ["x".repeat(20), "y".repeat(40), "z".repeat(130), "z".repeat(131)].map((s) =>
      fingerprint64(bytes(s)),
    );
    expect(new Set(long).size).toBe(4);
    for (const h of long) expect(h >= 0n && h < 1n << 64n).toBe(true);
  });

  it("StringToHashBucketFast: Fingerprint64 mod num_buckets; one bucket maps everything to 0", () => {
    const input = str([4], ["a", "b", "c", "d"]);
    expect(values(runOp("StringToHashBucketFast", [input], { num_buckets: attr.int(10) })[0]!)).toEqual([
      9, 2, 2, 5,
    ]);
    const [one] = runOp("StringToHashBucketFast", [input], { num_buckets: attr.int(1) });
    expect(one!.dtype).toBe("DT_INT64");
    expect(values(one!)).toEqual([0, 0, 0, 0]);
  });

  it("LookupTableImportV2 fills a table once; LookupTableSizeV2 reports its size", () => {
    const table = new LookupTable("classes", "DT_INT64", "DT_STRING");
    const handle = { kind: "resource" as const, key: "classes", resource: table };
    runOp("LookupTableImportV2", [handle, i64([2], [0, 1]), str([2], ["eee", "aaa"])]);
    expect(table.initialized).toBe(true);
    expect(values(runOp("LookupTableSizeV2", [handle])[0]!)).toEqual([2]);
    expect(values(table.find(i64([3], [1, 0, 5]), str([], ["UNK"])))).toEqual(["aaa", "eee", "UNK"]);
    expect(() => runOp("LookupTableImportV2", [handle, i64([2], [0, 1]), str([1], ["x"])])).toThrow(
      "2 keys but 1 values",
    );
  });
});
