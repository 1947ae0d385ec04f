import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness } from "./__tests__/harness.js";

const SEED = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0,
};

describe("management routes (in-process)", () => {
  let h: Harness;
  beforeAll(() => {
    h = harness();
  });
  afterAll(() => h.close());

  it("lists models and shows one with versions and labels", async () => {
    const list = await h.call("GET", "/models");
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      models: [
        { name: "iris", versions: [1], latest: 1, labels: {} },
        { name: "tip_model", versions: [1, 2], latest: 2, labels: {} },
      ],
    });
    const one = await h.call("GET", "/models/tip_model");
    const body = (await one.json()) as { versions: { version: number }[] };
    expect(body.versions.map((v) => v.version)).toEqual([1, 2]);
    const missing = await h.call("GET", "/models/nope");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    const bad = await h.call("GET", "/models/..%2Fetc");
    expect(bad.status).toBe(400);
  });

  it("sets and removes labels, and rolls back", async () => {
    const set = await h.call("POST", "/models/tip_model/labels", { label: "stable", version: 1 });
    expect(set.status).toBe(200);
    expect(((await set.json()) as { labels: unknown }).labels).toEqual({ stable: 1 });
    const wrong = await h.call("POST", "/models/tip_model/labels", { label: "stable", version: 7 });
    expect(wrong.status).toBe(404);
    const invalid = await h.call("POST", "/models/tip_model/labels", { label: "no spaces", version: 1 });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe("INVALID_ARGUMENT");
    await h.call("POST", "/models/tip_model/labels", { label: "canary", version: 2 });
    const rolled = await h.call("POST", "/models/tip_model/rollback");
    expect(await rolled.json()).toEqual({ model: "tip_model", from: 2, to: 1 });
    expect(await h.repository.labels("tip_model")).toEqual({ stable: 1, canary: 1 });
    const removed = await h.call("POST", "/models/tip_model/labels", { label: "canary", version: null });
    expect(((await removed.json()) as { labels: unknown }).labels).toEqual({ stable: 1 });
    const again = await h.call("POST", "/models/tip_model/rollback");
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("FAILED_PRECONDITION");
  });

  it("starts a pull job (202), reports its failure and streams its events", async () => {
    const res = await h.call("POST", "/pulls", { source: "gs://no-such-bucket/x", model: "tip_model" });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; state: string };
    expect(res.headers.get("location")).toBe(`/jobs/${job.id}`);
    await h.jobs.wait(job.id);
    const after = (await (await h.call("GET", `/jobs/${job.id}`)).json()) as {
      state: string;
      error?: unknown;
    };
    expect(after.state).toBe("failed");
    const events = await h.call("GET", `/jobs/${job.id}/events`);
    expect(events.headers.get("content-type")).toContain("text/event-stream");
    const text = await events.text();
    expect(text).toContain("event: step");
    expect(text).toContain("event: end");
    expect((await h.call("GET", "/jobs/nope")).status).toBe(404);
    expect((await h.call("POST", "/pulls", { source: "http://x", model: "m" })).status).toBe(400);
    const list = (await (await h.call("GET", "/jobs")).json()) as { jobs: unknown[] };
    expect(list.jobs).toHaveLength(1);
  });

  it("starts an export job that needs a project", async () => {
    const body = { dataset: "d", model: "m", destination: "gs://b/p" };
    const refused = await h.call("POST", "/exports", body);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("project");
  });

  it("starts, lists, inspects, logs and stops deployments", async () => {
    const started = await h.call("POST", "/deployments", { model: "tip_model", replicas: 2 });
    expect(started.status).toBe(201);
    const deployment = (await started.json()) as { id: string; endpoints: string[] };
    expect(deployment.endpoints).toHaveLength(2);
    const list = (await (await h.call("GET", "/deployments")).json()) as { deployments: unknown[] };
    expect(list.deployments).toHaveLength(1);
    const detail = (await (await h.call("GET", "/deployments/tip_model")).json()) as {
      replicaStatus: { versions: { state: string }[] }[];
    };
    expect(detail.replicaStatus).toHaveLength(2);
    expect(detail.replicaStatus[0]!.versions.map((v) => v.state)).toEqual(["AVAILABLE", "AVAILABLE"]);
    const logs = await h.call("GET", "/deployments/tip_model/logs?follow=false");
    expect(await logs.text()).toContain('"text":"Serving on 127.0.0.1"');
    const predicted = await h.call("POST", "/v1/models/tip_model:predict", { instances: [SEED] });
    expect(predicted.status).toBe(200);
    expect(((await predicted.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);
    expect((await h.call("DELETE", "/deployments/tip_model")).status).toBe(204);
    expect((await h.call("GET", "/deployments/tip_model")).status).toBe(404);
    const gone = await h.call("POST", "/v1/models/tip_model:predict", { instances: [SEED] });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: string }).error).toBe(
      "Servable not found for request: Latest(tip_model)",
    );
    const noModel = await h.call("POST", "/deployments", { model: "absent" });
    expect(noModel.status).toBe(404);
    const noDocker = await h.call("POST", "/deployments", { model: "tip_model", runtime: "docker" });
    expect(noDocker.status).toBe(409);
  });

  it("answers 503 in TF Serving's shape when no deployment of the model is ready", async () => {
    await h.call("POST", "/deployments", { model: "iris" });
    h.runtime.servers.get("iris")!.deployment.state = "starting";
    const res = await h.call("POST", "/v1/models/iris:predict", { instances: [[1, 2, 3, 4]] });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: string }).error).toContain("No deployment of model iris is ready");
    await h.call("DELETE", "/deployments/iris");
  });

  it("serves health probes, metrics and the OpenAPI document", async () => {
    expect((await h.app.request("/healthz")).status).toBe(200);
    expect(await (await h.app.request("/readyz")).json()).toEqual({ status: "ready" });
    const metrics = await (await h.call("GET", "/metrics")).text();
    expect(metrics).toMatch(
      /bqdeploy_api_requests_total\{method="GET",route="\/models\/:name",model="tip_model",status="200"\} \d+/,
    );
    expect(metrics).toMatch(/bqdeploy_api_predictions_total\{model="tip_model",outcome="ok"\} 1/);
    expect(metrics).toMatch(/bqdeploy_api_jobs\{kind="pull",state="failed"\} 1/);
    expect(metrics).toContain(
      'bqdeploy_api_request_duration_seconds_bucket{method="POST",route="/v1/models/{model}:predict",model="tip_model",le="+Inf"}',
    );
    const doc = (await (await h.call("GET", "/openapi.json")).json()) as { openapi: string };
    expect(doc.openapi).toBe("3.1.0");
    const unknown = await h.call("GET", "/nowhere");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });
});
