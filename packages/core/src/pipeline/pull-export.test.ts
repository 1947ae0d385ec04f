import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeBigQuery, type FakeGcs, startFakeBigQuery, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PipelineEvent } from "./events.js";
import { pullToEnd } from "./pull.js";

let gcs: FakeGcs;
let bq: FakeBigQuery;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bqdeploy-pull-export-"));
  const source = join(dir, "export");
  await mkdir(join(source, "variables"), { recursive: true });
  await writeFile(join(source, "saved_model.pb"), "graph");
  await writeFile(join(source, "variables", "variables.index"), "index");
  gcs = await startFakeGcs({ buckets: ["taxi"] });
  bq = await startFakeBigQuery({ gcs, schedule: { pendingPolls: 1, runningPolls: 1 } });
  bq.registerModel({
    projectId: "proj",
    datasetId: "zoomcamp",
    modelId: "tip_model",
    modelType: "LINEAR_REGRESSION",
    sourceDir: source,
  });
  bq.registerModel({
    projectId: "proj",
    datasetId: "zoomcamp",
    modelId: "arima",
    modelType: "ARIMA_PLUS",
    sourceDir: source,
  });
});
afterAll(async () => {
  await bq.close();
  await gcs.close();
  await rm(dir, { recursive: true, force: true });
});

describe("pull with export", () => {
  it("exports from BigQuery ML, then downloads and installs", async () => {
    const events: PipelineEvent[] = [];
    const done = await pullToEnd(
      {
        source: "gs://taxi/tip_model",
        model: "tip_model",
        repo: join(dir, "repo"),
        export: { project: "proj", dataset: "zoomcamp", pollIntervalMs: 5 },
        bigqueryEndpoint: bq.url,
        storageEndpoint: gcs.url,
      },
      (event) => events.push(event),
    );
    const steps = events.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual([
      "export:started",
      "export:done",
      "download:started",
      "download:done",
      "install:started",
      "install:done",
    ]);
    expect(events.some((e) => e.type === "progress" && e.step === "export")).toBe(true);
    expect(
      events.some(
        (e) => e.type === "log" && /LINEAR_REGRESSION model: exporting as ML_TF_SAVED_MODEL/.test(e.message),
      ),
    ).toBe(true);
    expect(done).toMatchObject({ version: 1, files: 2, exportJobId: expect.any(String) });
    expect(await readFile(join(done.path, "saved_model.pb"), "utf8")).toBe("graph");
  });

  it("stops at the export step for a model that cannot be served, leaving the repository untouched", async () => {
    const events: PipelineEvent[] = [];
    const repo = join(dir, "repo2");
    await expect(
      pullToEnd(
        {
          source: "gs://taxi/arima",
          model: "arima",
          repo,
          export: { project: "proj", dataset: "zoomcamp", pollIntervalMs: 5 },
          bigqueryEndpoint: bq.url,
          storageEndpoint: gcs.url,
        },
        (event) => events.push(event),
      ),
    ).rejects.toMatchObject({ code: "MODEL_NOT_EXPORTABLE" });
    expect(events.at(-1)).toMatchObject({ type: "step", step: "export", status: "failed" });
    await expect(readFile(join(repo, "models.config"))).rejects.toThrow();
  });
});
