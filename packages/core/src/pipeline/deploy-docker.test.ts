// deploy with the DockerRuntime against a real Docker Engine: export the real tip_model from the fake
// BigQuery into the fake Cloud Storage, pull it, start the TF-Serving-like container, smoke-predict the
// seed's request, read the logs, deploy a second version the running container picks up, stop.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  FAKE_IMAGE,
  haveDockerEngine,
  haveSharedModels,
  sharedModel,
  startFakeBigQuery,
  startFakeGcs,
} from "@bqdeploy/test-fixtures";
import Docker from "dockerode";
import { describe, expect, it } from "vitest";
import type { LogLine } from "../serving/index.js";
import { DockerRuntime } from "../serving/index.js";
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
const SEED_PREDICTION = -0.4326289662712952;

const docker = new Docker({ socketPath: "/var/run/docker.sock" });
const id = `deploy-${process.pid}`;

async function ourContainers(): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`bqdeploy.deployment=${id}`] } });
}

describe.runIf(
  haveDockerEngine("deploy with the Docker runtime") && haveSharedModels("deploy of a real export to Docker"),
)("deploy (Docker runtime, real engine)", () => {
  it("deploy -> AVAILABLE -> seed prediction -> logs -> new version without restart -> stop leaves nothing", {
    timeout: 120_000,
  }, async () => {
    const repo = await mkdtemp(join(tmpdir(), "bqdeploy-deploy-docker-"));
    const gcs = await startFakeGcs({ buckets: ["newyork-taxi"] });
    const bigquery = await startFakeBigQuery({ gcs });
    bigquery.registerModel({
      projectId: "zoomcamp",
      datasetId: "trips",
      modelId: "tip_model",
      modelType: "LINEAR_REGRESSION",
      sourceDir: sharedModel("tip_model/tf2.21"),
    });
    const runtime = new DockerRuntime({ image: FAKE_IMAGE, readyTimeoutMs: 30_000 });
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
          serve: { id, port: 0, pollSeconds: 1 },
          smoke: SEED,
        },
        (e) => events.push(e),
      );
      expect(first).toMatchObject({
        version: 1,
        refreshed: false,
        deployment: { id, runtime: "docker", state: "available" },
      });
      expect(events.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`)).toEqual([
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
      expect(events.some((e) => e.type === "runtime" && e.event.type === "available")).toBe(true);
      const predicted = (first.smoke!.predictions[0] as number[])[0] ?? Number.NaN;
      expect(Math.abs(predicted - SEED_PREDICTION)).toBeLessThanOrEqual(1e-9);
      expect(first.deployment.endpoints[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const lines: LogLine[] = [];
      for await (const line of runtime.logs(id)) lines.push(line);
      expect(
        lines.some((l) => /Successfully loaded servable version \{name: tip_model version: 1\}/.test(l.text)),
      ).toBe(true);

      const [before] = await ourContainers();
      expect(before?.State).toBe("running");
      const second = await deployToEnd({
        model: "tip_model",
        repo,
        runtime,
        pull: pullOptions("b"),
        serve: { id, port: 0 },
        smoke: SEED,
        readyTimeoutMs: 30_000,
      });
      expect(second).toMatchObject({ version: 2, refreshed: true });
      expect(second.deployment.endpoints).toEqual(first.deployment.endpoints);
      const again = (second.smoke!.predictions[0] as number[])[0] ?? Number.NaN;
      expect(Math.abs(again - SEED_PREDICTION)).toBeLessThanOrEqual(1e-9);
      // The same container, never restarted, now serves version 2.
      const after = await ourContainers();
      expect(after.map((c) => c.Id)).toEqual([before?.Id]);
      const inspected = await docker.getContainer(before!.Id).inspect();
      expect(inspected.RestartCount).toBe(0);
      const status = await fetch(`${first.deployment.endpoints[0]}/v1/models/tip_model/versions/2`);
      const body = (await status.json()) as { model_version_status: { state: string }[] };
      expect(body.model_version_status[0]?.state).toBe("AVAILABLE");

      await runtime.stop(id);
      expect(await docker.listContainers({ all: true, filters: { label: ["app=bqdeploy"] } })).toEqual([]);
    } finally {
      for (const c of await ourContainers()) await docker.getContainer(c.Id).remove({ force: true });
      await bigquery.close();
      await gcs.close();
      await rm(repo, { recursive: true, force: true });
    }
  });
});
