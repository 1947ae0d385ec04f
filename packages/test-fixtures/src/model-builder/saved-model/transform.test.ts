import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadTransformModel, readSavedModel, runPredict } from "@bqdeploy/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedFormLinear } from "./closed-form.js";
import type { LinearRegSpec } from "./linear-reg.js";
import { buildTransformModel, type TransformSpec, transformContents } from "./transform.js";

const transform: TransformSpec = {
  inputs: { miles: "DT_DOUBLE", n: "DT_INT64", city: "DT_STRING" },
  outputs: { km: { from: "miles", times: 1.5 }, n: { from: "n" }, city: { from: "city" } },
};
const model: LinearRegSpec = {
  features: [
    { name: "km", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "n", kind: "numeric", dtype: "DT_DOUBLE" },
    { name: "city", kind: "string", vocabulary: ["a", "b"] },
  ],
  weights: [2, -1, 10, 20],
  intercept: 0.5,
};

describe("TRANSFORM model builder", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bqdeploy-builder-transform-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the model and transform/ with the TRANSFORM's inputs and the model's features as outputs", async () => {
    const folder = join(dir, "m");
    await buildTransformModel(folder, { model, transform });
    const bundle = await readSavedModel(join(folder, "transform"));
    const sig = bundle.metaGraph.signatures.serving_default!;
    expect(Object.keys(sig.inputs).sort()).toEqual(["city", "miles", "n"]);
    expect(sig.outputs.km).toEqual({ name: "transform/km:0", dtype: "DT_DOUBLE", shape: [-1] });
    expect(sig.outputs.n!.dtype).toBe("DT_INT64");
    const served = await loadTransformModel(folder);
    const body = await runPredict(served, { instances: [{ miles: 2, n: 3, city: "b" }] });
    const { predictions } = JSON.parse(body) as { predictions: number[][] };
    expect(predictions[0]![0]).toBeCloseTo(closedFormLinear(model, { km: 3, n: 3, city: "b" }), 12);
  });

  it("refuses outputs it cannot wire", async () => {
    expect(() =>
      transformContents({ inputs: { s: "DT_STRING" }, outputs: { t: { from: "s", times: 2 } } }),
    ).toThrow(/only floating inputs can be scaled/);
    expect(() => transformContents({ inputs: {}, outputs: { t: { from: "x" } } })).toThrow(/not an input/);
    await expect(
      buildTransformModel(join(dir, "bad"), {
        model,
        transform: { ...transform, outputs: { km: { from: "miles" } } },
      }),
    ).rejects.toThrow(/"n" is no TRANSFORM output/);
  });
});
