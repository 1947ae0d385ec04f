import {
  type FakeTfServing,
  scriptedTipModel,
  startFakeTfServing,
  tipModelFake,
} from "@bqdeploy/test-fixtures";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BqdeployError, isBqdeployError } from "../errors/index.js";
import type { ModelState } from "../protocol/servable.js";
import { TfServingClient } from "./tf-serving-client.js";

const seed = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

async function failure(promise: Promise<unknown>): Promise<BqdeployError> {
  try {
    await promise;
  } catch (err) {
    if (isBqdeployError(err)) return err;
    throw err;
  }
  throw new Error("expected a failure");
}

describe("TfServingClient against the fake TF Serving", () => {
  let fake: FakeTfServing;
  let client: TfServingClient;
  beforeAll(async () => {
    fake = await startFakeTfServing({ models: tipModelFake() });
    client = new TfServingClient({ url: fake.url, retryBaseMs: 5 });
  });
  afterEach(() => {
    fake.clearFaults();
    fake.calls.length = 0;
  });
  afterAll(async () => {
    await client.close();
    await fake.close();
  });

  it("reads status and metadata, by version and label", async () => {
    expect((await client.status("tip_model")).map((v) => v.version)).toEqual([2, 1]);
    expect(await client.status("tip_model", { label: "stable" })).toEqual([
      { version: 1, state: "AVAILABLE", errorCode: "OK", errorMessage: "" },
    ]);
    const meta = await client.metadata("tip_model", { version: 1 });
    expect(meta.version).toBe(1);
    expect(meta.signatures.serving_default!.outputs.predicted_tip_amount).toEqual({
      name: "compute:0",
      dtype: "DT_DOUBLE",
      shape: [-1, 1],
    });
  });

  it("predicts in row and columnar format", async () => {
    const predictions = await client.predict("tip_model", [seed, { ...seed, payment_type: "1" }]);
    expect(predictions).toHaveLength(2);
    const [a, b] = predictions as number[][];
    expect(b![0]! - a![0]!).toBeCloseTo(1.5, 9);
    const outputs = await client.predictColumnar("iris", {
      petal_length: [1.4],
      petal_width: [0.2],
      sepal_length: [5.1],
      sepal_width: [3.5],
    });
    expect(Object.keys(outputs as object).sort()).toEqual([
      "predicted_species",
      "species_probs",
      "species_values",
    ]);
  });

  it("sends and reads NaN tokens", async () => {
    const [p] = (await client.predict("tip_model", [{ ...seed, fare_amount: Number.NaN }])) as number[][];
    expect(fake.calls[0]!.body).toContain('"fare_amount":NaN');
    expect(p![0]).toBeNaN();
  });

  it("classifies and regresses", async () => {
    const classes = await client.classify("half_plus_two", [{ x: 2 }], { signatureName: "classify_x_to_y" });
    expect(classes[0]!.map(([label]) => label)).toEqual(["low", "high"]);
    expect(await client.regress("half_plus_two", [{ x: 2 }], { signatureName: "regress_x_to_y" })).toEqual([
      3,
    ]);
  });

  it("reports TF Serving's errors as SERVING_ERROR with status and message", async () => {
    const err = await failure(client.predict("tip_model", [{ ...seed, PULocationID: 193 }]));
    expect(err.code).toBe("SERVING_ERROR");
    expect(err.details.httpStatus).toBe(400);
    expect(err.details.tfMessage).toBe(
      "Failed to process element: 0 key: PULocationID of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 193 Type: Number is not of expected type: string",
    );
    const missing = await failure(client.status("tip_model", { version: 9 }));
    expect(missing.details).toMatchObject({
      httpStatus: 404,
      tfMessage: "Could not find version 9 of model tip_model",
    });
  });

  it("retries 503 answers with backoff, then gives up", async () => {
    fake.failNext(2);
    expect(await client.predict("tip_model", [seed])).toHaveLength(1);
    expect(fake.calls).toHaveLength(3);
    fake.calls.length = 0;
    fake.failNext(3);
    const err = await failure(client.status("tip_model"));
    expect(err.details.httpStatus).toBe(503);
    expect(fake.calls).toHaveLength(3);
  });

  it("retries a GET after a dropped connection but never repeats a POST that may have arrived", async () => {
    fake.failNext(1, "reset");
    expect(await client.status("tip_model")).toHaveLength(2);
    expect(fake.calls).toHaveLength(2);
    fake.calls.length = 0;
    fake.failNext(1, "reset");
    const err = await failure(client.predict("tip_model", [seed]));
    expect(err.code).toBe("CONNECTION_FAILED");
    expect(fake.calls).toHaveLength(1);
  });

  it("times out and cancels", async () => {
    fake.injectLatency(1_000);
    const started = performance.now();
    const late = await failure(client.predict("tip_model", [seed], { timeoutMs: 100 }));
    expect(late.code).toBe("DEADLINE_EXCEEDED");
    expect(performance.now() - started).toBeLessThan(900);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = await failure(client.status("tip_model", { signal: controller.signal }));
    expect(cancelled.code).toBe("CANCELLED");
  });

  it("validates instances against the signature before sending, with TF Serving's messages", async () => {
    const checked = new TfServingClient({ url: fake.url, validate: true });
    try {
      const err = await failure(checked.predict("tip_model", [{ ...seed, extra: 1 }]));
      expect(err.code).toBe("INVALID_ARGUMENT");
      expect(err.details.tfMessage).toBe(
        "Failed to process element: 0 key: extra of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: extra",
      );
      expect(fake.calls.filter((c) => c.method === "POST")).toHaveLength(0);
      expect(await checked.predict("tip_model", [seed])).toHaveLength(1);
    } finally {
      await checked.close();
    }
  });

  it("waits through START and LOADING until AVAILABLE", async () => {
    fake.addVersion("late_model", {
      version: 1,
      model: scriptedTipModel(),
      startAfterMs: 100,
      loadAfterMs: 200,
    });
    const states: ModelState[] = [];
    const ready = await client.waitUntilAvailable("late_model", {
      timeoutMs: 5_000,
      pollMs: 20,
      onState: (versions) => states.push(...versions.map((v) => v.state)),
    });
    expect(ready).toMatchObject({ version: 1, state: "AVAILABLE" });
    expect(states).toEqual(["START", "LOADING", "AVAILABLE"]);
  });

  it("waits for a model that is not known yet", async () => {
    setTimeout(() => fake.addVersion("future_model", { version: 3, model: scriptedTipModel() }), 100);
    expect(await client.waitUntilAvailable("future_model", { timeoutMs: 5_000, pollMs: 20 })).toMatchObject({
      version: 3,
    });
  });

  it("fails fast when the load ends with an error, and times out while LOADING", async () => {
    fake.addVersion("bad_model", {
      version: 1,
      model: scriptedTipModel(),
      loadAfterMs: 50,
      fail: { code: "DATA_LOSS", message: "Read less bytes than requested" },
    });
    const started = performance.now();
    const err = await failure(client.waitUntilAvailable("bad_model", { timeoutMs: 10_000, pollMs: 20 }));
    expect(err.code).toBe("SERVING_NOT_READY");
    expect(err.message).toBe(
      "bad_model version 1 failed to load (DATA_LOSS): Read less bytes than requested",
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    const slow = await failure(client.waitUntilAvailable("loading_model", { timeoutMs: 200, pollMs: 20 }));
    expect(slow.code).toBe("DEADLINE_EXCEEDED");
    expect(slow.message).toContain("version 1 LOADING");
  });
});

describe("TfServingClient without a server", () => {
  it("reports CONNECTION_FAILED after retrying a refused connection", async () => {
    const fake = await startFakeTfServing({ models: {} });
    const url = fake.url;
    await fake.close();
    const client = new TfServingClient({ url, retries: 2, retryBaseMs: 5 });
    try {
      const err = await failure(client.predict("tip_model", [seed]));
      expect(err.code).toBe("CONNECTION_FAILED");
      expect(err.message).toContain(url);
    } finally {
      await client.close();
    }
  });

  it("sends the bearer token", async () => {
    const fake = await startFakeTfServing({ models: tipModelFake(), token: "abc" });
    const good = new TfServingClient({ url: fake.url, token: "abc" });
    const bad = new TfServingClient({ url: fake.url, token: "nope", retries: 0 });
    try {
      expect(await good.status("tip_model")).toHaveLength(2);
      expect((await failure(bad.status("tip_model"))).details.httpStatus).toBe(401);
    } finally {
      await good.close();
      await bad.close();
      await fake.close();
    }
  });
});
