// `bqdeploy deploy ... --runtime docker` in-process against the fake BigQuery and Cloud Storage and a
// real Docker Engine running the TF-Serving-like image: deploy, predict the seed's request, read the
// logs, deploy a new version the running container picks up, stop, and leave no container.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ensureFakeImage,
  FAKE_IMAGE,
  type FakeBigQuery,
  type FakeGcs,
  haveDockerEngine,
  haveSharedModels,
  sharedModel,
  startFakeBigQuery,
  startFakeGcs,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

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
// The repository name is the deployment's id: unique per run, so parallel runs do not meet.
const model = `tip_model_${process.pid}`;

const containers = (label: string): string =>
  execFileSync("docker", ["ps", "-a", "-q", "--filter", `label=${label}`])
    .toString()
    .trim();

describe.runIf(
  haveDockerEngine("bqdeploy deploy --runtime docker") &&
    haveSharedModels("bqdeploy deploy of a real export"),
)("bqdeploy deploy --runtime docker", () => {
  let repo: string;
  let gcs: FakeGcs;
  let bigquery: FakeBigQuery;
  const env = { BQDEPLOY_IMAGE: FAKE_IMAGE };

  beforeAll(async () => {
    await ensureFakeImage();
    repo = await mkdtemp(join(tmpdir(), "bqdeploy-cli-deploy-docker-"));
    gcs = await startFakeGcs({ buckets: ["newyork-taxi"] });
    bigquery = await startFakeBigQuery({ gcs });
    bigquery.registerModel({
      projectId: "zoomcamp",
      datasetId: "trips",
      modelId: "tip_model",
      modelType: "LINEAR_REGRESSION",
      sourceDir: sharedModel("tip_model/tf2.21"),
    });
  });
  afterAll(async () => {
    const left = containers(`bqdeploy.deployment=${model}`);
    if (left) execFileSync("docker", ["rm", "-f", ...left.split("\n")]);
    await bigquery?.close();
    await gcs?.close();
    await rm(repo, { recursive: true, force: true });
    expect(left).toBe("");
  });

  const deployArgs = (): string[] => [
    "deploy",
    "zoomcamp.trips.tip_model",
    "--bucket",
    "gs://newyork-taxi/tip_model",
    "--model",
    model,
    "--repo",
    repo,
    "--runtime",
    "docker",
    "--port",
    "0",
    "--new-job",
    "--storage-endpoint",
    gcs.url,
    "--bigquery-endpoint",
    bigquery.url,
  ];

  it("deploys, answers the seed's request, has logs, refreshes without a restart, and stops clean", {
    timeout: 120_000,
  }, async () => {
    const first = await runCli(deployArgs(), { env });
    expect(first.stderr).not.toMatch(/bqdeploy: /);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`Deployed ${model} version 1 \\(docker, 1 replica\\)`));
    const endpoint = /(http:\/\/127\.0\.0\.1:\d+)\/v1\/models\//.exec(first.stdout)?.[1];
    expect(endpoint).toBeDefined();
    const [container] = containers(`bqdeploy.deployment=${model}`).split("\n");
    expect(container).toMatch(/^[0-9a-f]+$/);

    const predict = async (): Promise<number> => {
      const answer = await fetch(`${endpoint}/v1/models/${model}:predict`, {
        method: "POST",
        body: JSON.stringify({ instances: [SEED] }),
      });
      expect(answer.status).toBe(200);
      const { predictions } = (await answer.json()) as { predictions: number[][] };
      return predictions[0]?.[0] ?? Number.NaN;
    };
    expect(Math.abs((await predict()) - SEED_PREDICTION)).toBeLessThanOrEqual(1e-9);

    const logs = await runCli(["logs", model, "--tail", "50"], { env });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(
      new RegExp(`Successfully loaded servable version \\{name: ${model} version: 1\\}`),
    );

    const second = await runCli(deployArgs(), { env });
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`Deployed ${model} version 2 .*picked up without a restart`));
    expect(second.stdout).toContain(`${endpoint}/v1/models/${model}:predict`);
    expect(containers(`bqdeploy.deployment=${model}`)).toBe(container);
    const status = await fetch(`${endpoint}/v1/models/${model}/versions/2`);
    const body = (await status.json()) as { model_version_status: { state: string }[] };
    expect(body.model_version_status[0]?.state).toBe("AVAILABLE");
    expect(Math.abs((await predict()) - SEED_PREDICTION)).toBeLessThanOrEqual(1e-9);

    const stop = await runCli(["stop", model], { env });
    expect(stop).toMatchObject({ code: 0, stdout: `stopped ${model}\n` });
    expect(containers(`bqdeploy.deployment=${model}`)).toBe("");
    expect(containers("app=bqdeploy")).toBe("");
  });
});
