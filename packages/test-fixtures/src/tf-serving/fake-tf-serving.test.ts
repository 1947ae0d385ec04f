import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeTfServing, startFakeTfServing } from "./fake-tf-serving.js";
import { scriptedIrisModel, scriptedTipModel } from "./scripted-models.js";
import { tipModelFake } from "./tip-model-fake.js";

const seed = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

describe("fake TF Serving controls", () => {
  let fake: FakeTfServing;
  const get = async (path: string) => {
    const res = await fetch(fake.url + path);
    return { status: res.status, body: JSON.parse(await res.text()) };
  };
  beforeAll(async () => {
    fake = await startFakeTfServing({ models: tipModelFake() });
  });
  afterAll(async () => {
    await fake.close();
  });

  it("computes the scripted tip formula and records each call", async () => {
    fake.calls.length = 0;
    const res = await fetch(`${fake.url}/v1/models/tip_model:predict`, {
      method: "POST",
      body: JSON.stringify({ instances: [seed] }),
    });
    const tip = 0.15 * 20.4 + 0.1 * 12.2 + 0.05 * 1 + 0.003 - 0.004;
    expect(((await res.json()) as { predictions: number[][] }).predictions[0]![0]).toBeCloseTo(tip, 12);
    expect(fake.calls).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/v1/models/tip_model:predict",
        body: JSON.stringify({ instances: [seed] }),
      }),
    ]);
  });

  it("moves labels and adds versions at runtime", async () => {
    fake.addVersion("tip_model", { version: 3, model: scriptedTipModel() });
    fake.setLabels("tip_model", { stable: 2, canary: 3 });
    expect((await get("/v1/models/tip_model/labels/canary")).body.model_version_status[0].version).toBe("3");
    expect((await get("/v1/models/tip_model/metadata")).body.model_spec.version).toBe("3");
    fake.setLabels("tip_model", { stable: 1 });
  });

  it("injects failures with a chosen status and message, then recovers", async () => {
    fake.failNext(1, { status: 500, message: "boom" });
    expect(await get("/v1/models/iris")).toEqual({ status: 500, body: { error: "boom" } });
    expect((await get("/v1/models/iris")).status).toBe(200);
  });

  it("drops connections when told to", async () => {
    fake.failNext(1, "reset");
    await expect(fetch(`${fake.url}/v1/models/iris`)).rejects.toThrow();
    expect((await get("/v1/models/iris")).status).toBe(200);
  });

  it("delays answers by the injected latency", async () => {
    fake.injectLatency(150);
    const started = performance.now();
    await get("/v1/models/iris");
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    fake.clearFaults();
  });

  it("serves the iris-like model's three outputs", async () => {
    const model = scriptedIrisModel();
    const out = await model.compute("serving_default", {
      petal_length: { dtype: "DT_FLOAT", shape: [1], data: new Float32Array([1.4]) },
      petal_width: { dtype: "DT_FLOAT", shape: [1], data: new Float32Array([0.2]) },
      sepal_length: { dtype: "DT_FLOAT", shape: [1], data: new Float32Array([5.1]) },
      sepal_width: { dtype: "DT_FLOAT", shape: [1], data: new Float32Array([3.5]) },
    });
    expect(out.predicted_species!.data).toEqual(["setosa"]);
    const probs = Array.from(out.species_probs!.data as Float64Array);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
