import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tensor } from "@bqdeploy/core";
import { readSavedModel, readTensorBundle } from "@bqdeploy/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BundleWriteOptions } from "./bundle/tensor-bundle-writer.js";
import { writeTensorBundle } from "./bundle/tensor-bundle-writer.js";
import { buildLinearRegModel, linearRegContents } from "./linear-reg.js";
import type { LinearRegSpec } from "./linear-reg.js";
import { buildLogisticRegModel, logisticRegContents } from "./logistic-reg.js";
import type { LogisticRegSpec } from "./logistic-reg.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-builder-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const linear: LinearRegSpec = {
  features: [
    { name: "payment_type", kind: "string", vocabulary: ["_null_filler", "3", "1", "4", "2"] },
    { name: "fare_amount", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "zone", kind: "string", vocabulary: ["north", "süd", "__empty_string_replacement__"] },
    { name: "distance", kind: "numeric", dtype: "DT_FLOAT" },
  ],
  weights: [0.5, 1.25, -2, 3, 4, 5, 6, 7, 8, 9],
  intercept: -1.5,
  outputName: "predicted_tip",
  tfVersion: "2.18.0",
};

const logistic: LogisticRegSpec = {
  features: [
    { name: "colour", kind: "string", vocabulary: ["red", "green"] },
    { name: "size", kind: "numeric", dtype: "DT_DOUBLE" },
  ],
  classes: ["a", "b"],
  weights: [
    [1, 2, 3],
    [-1, -2, -3],
  ],
  intercepts: [0.25, -0.25],
};

describe("builder -> readSavedModel round trip", () => {
  it("gives back the linear_reg graph, variables and assets", async () => {
    const dir = join(root, "linear");
    const written = await buildLinearRegModel(dir, linear);
    const bundle = await readSavedModel(dir);
    expect(bundle.metaGraph).toEqual(written);
    expect(bundle.metaGraph).toEqual(linearRegContents(linear).metaGraph);
    expect(Array.from(bundle.variables.get("weights")?.data as Float64Array)).toEqual(linear.weights);
    expect(bundle.variables.get("weights")?.shape).toEqual([10, 1]);
    expect(bundle.variables.get("intercept")).toEqual({
      dtype: "DT_DOUBLE",
      shape: [],
      data: Float64Array.of(-1.5),
    });
    expect([...bundle.assetPaths.values()].sort()).toEqual([
      join(dir, "assets/payment_type.txt"),
      join(dir, "assets/zone.txt"),
    ]);
  });

  it("gives back the logistic_reg graph with its function library, Snappy blocks, TF1-style asset collection", async () => {
    const dir = join(root, "logistic");
    const written = await buildLogisticRegModel(dir, logistic, {
      bundle: { compression: "snappy" },
      encoding: { assets: "collection" },
    });
    const bundle = await readSavedModel(dir);
    expect(bundle.metaGraph).toEqual(written);
    expect(bundle.metaGraph.graph.library).toHaveLength(4);
    expect(bundle.metaGraph).toEqual(logisticRegContents(logistic).metaGraph);
    expect(Array.from(bundle.variables.get("2_weight")?.data as Float64Array)).toEqual([-1, -2, -3]);
    expect(bundle.assetPaths.size).toBe(2);
  });
});

describe("TensorBundle writer -> reader", () => {
  const variables = new Map<string, Tensor>([
    [
      "a/double",
      { dtype: "DT_DOUBLE", shape: [2, 2], data: Float64Array.of(1.5, -2.25, 1e300, Number.MIN_VALUE) },
    ],
    ["a/float", { dtype: "DT_FLOAT", shape: [3], data: Float32Array.of(0.1, -3, 7) }],
    ["b/int64", { dtype: "DT_INT64", shape: [2], data: Float64Array.of(-(2 ** 40), 2 ** 53 - 1) }],
    ["b/int32", { dtype: "DT_INT32", shape: [2], data: Int32Array.of(-7, 2 ** 31 - 1) }],
    ["c/bool", { dtype: "DT_BOOL", shape: [3], data: Uint8Array.of(1, 0, 1) }],
    ["c/strings", { dtype: "DT_STRING", shape: [4], data: ["", "aaa", "ünïcode", "x".repeat(300)] }],
    ["global_step", { dtype: "DT_INT64", shape: [], data: Float64Array.of(2) }],
  ]);

  it.each<[string, BundleWriteOptions]>([
    ["uncompressed, one block", {}],
    [
      "Snappy, many small blocks, restart every 2 keys",
      { compression: "snappy" as const, blockSize: 16, restartInterval: 2 },
    ],
    ["two shards", { numShards: 2, shardOf: (name: string) => (name === "global_step" ? 0 : 1) }],
  ])("round-trips every dtype: %s", async (_, options) => {
    const dir = join(root, `bundle-${Math.random().toString(36).slice(2)}`);
    await writeTensorBundle(dir, variables, options);
    const bundle = await readTensorBundle(dir, "variables", "variables");
    expect(bundle.numShards).toBe(options.numShards ?? 1);
    expect(new Map([...bundle.variables].sort())).toEqual(new Map([...variables].sort()));
  });

  it("reassembles partitioned (TF1 sliced) variables", async () => {
    const dir = join(root, "sliced");
    const kernel: Tensor = {
      dtype: "DT_FLOAT",
      shape: [3, 70],
      data: Float32Array.from({ length: 210 }, (_, i) => i),
    };
    await writeTensorBundle(dir, new Map([["dnn/kernel", kernel]]), {
      partitions: {
        "dnn/kernel": [
          [
            { start: 0, length: -1 },
            { start: 0, length: 66 },
          ],
          [
            { start: 0, length: -1 },
            { start: 66, length: 4 },
          ],
        ],
      },
    });
    const bundle = await readTensorBundle(dir, "variables", "variables");
    expect(bundle.variables.get("dnn/kernel")).toEqual(kernel);
    expect(bundle.entries.get("dnn/kernel")?.slices).toEqual([
      [
        { start: 0, length: -1 },
        { start: 0, length: 66 },
      ],
      [
        { start: 0, length: -1 },
        { start: 66, length: 4 },
      ],
    ]);
  });
});
