import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedModel, startFakeBigQuery, startFakeGcs } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { EmbeddedRuntime } from "../serving/index.js";
import { type DeployEvent, deployToEnd } from "./deploy.js";

const SEED = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

describe.runIf(haveSharedModels("deploy pipeline with a real export"))("deploy", () => {
  it("exports, pulls, serves, smoke-tests; a second deploy is picked up without a restart", async () => {
    const repo = await mkdtemp(join(tmpdir(), "bqdeploy-deploy-"));
    const gcs = await startFakeGcs({ buckets: ["newyork-taxi"] });
    const bigquery = await startFakeBigQuery({ gcs });
    bigquery.registerModel({
      projectId: "zoomcamp",
      datasetId: "trips",
      modelId: "tip_model",
      modelType: "LINEAR_REGRESSION",
      sourceDir: sharedModel("tip_model/tf2.21"),
    });
    const runtime = new EmbeddedRuntime();
    const pullOptions = (nonce: string) => ({
      source: "gs://newyork-taxi/tip_model",
      export: { project: "zoomcamp", dataset: "trips", pollIntervalMs: 20, nonce },
      storageEndpoint: gcs.url,
      bigqueryEndpoint: bigquery.url,
    });
    try {
      const events: DeployEvent[] = [];
      const first = await deployToEnd(
        {
          model: "tip_model",
          repo,
          runtime,
          pull: pullOptions("a"),
          serve: { port: 0, pollSeconds: 0.1 },
          smoke: SEED,
        },
        (e) => events.push(e),
      );
      const steps = events.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
      expect(steps).toEqual([
        "export:started",
        "export:done",
        "download:started",
        "download:done",
        "install:started",
        "install:done",
        "serve:started",
        "serve:done",
        "smoke:started",
        "smoke:done",
      ]);
      expect(first).toMatchObject({ version: 1, refreshed: false, deployment: { state: "available" } });
      expect((first.smoke?.predictions[0] as number[])[0]).toBeCloseTo(-0.4326289662712952, 9);

      const second = await deployToEnd({
        model: "tip_model",
        repo,
        runtime,
        pull: pullOptions("b"),
        smoke: false,
      });
      expect(second).toMatchObject({ version: 2, refreshed: true });
      expect(second.deployment.endpoints).toEqual(first.deployment.endpoints);
      const status = await fetch(`${first.deployment.endpoints[0]}/v1/models/tip_model/versions/2`);
      expect(
        ((await status.json()) as { model_version_status: { state: string }[] }).model_version_status[0]
          ?.state,
      ).toBe("AVAILABLE");
    } finally {
      await runtime.close();
      await bigquery.close();
      await gcs.close();
      await rm(repo, { recursive: true, force: true });
    }
  });

  it("makes its own smoke instance from the signature and reports a serve failure", async () => {
    const repo = await mkdtemp(join(tmpdir(), "bqdeploy-deploy-"));
    const runtime = new EmbeddedRuntime();
    try {
      const { ModelRepository } = await import("../repository/index.js");
      await new ModelRepository(repo).installFromFolder(
        "boosted",
        sharedModel("boosted_tree_classifier"),
        {},
      );
      const done = await deployToEnd({ model: "boosted", repo, runtime, serve: { port: 0 } });
      expect(done.smoke?.instance).toEqual({ f1: "", f2: [], f3: 0 });
      expect(done.smoke?.predictions).toHaveLength(1);
      const events: DeployEvent[] = [];
      await expect(
        deployToEnd({ model: "missing", repo, runtime, serve: { port: 0 } }, (e) => events.push(e)),
      ).rejects.toMatchObject({ code: "SERVING_NOT_READY" });
      expect(events.at(-1)).toMatchObject({ type: "step", step: "serve", status: "failed" });
    } finally {
      await runtime.close();
      await rm(repo, { recursive: true, force: true });
    }
  });
});
