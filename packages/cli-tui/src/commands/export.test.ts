import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeBigQuery, type FakeGcs, startFakeBigQuery, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

let gcs: FakeGcs;
let bq: FakeBigQuery;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bqdeploy-cli-export-"));
  await mkdir(join(work, "src"), { recursive: true });
  await writeFile(join(work, "src", "saved_model.pb"), "graph");
  gcs = await startFakeGcs({ buckets: ["taxi"] });
  bq = await startFakeBigQuery({ gcs, schedule: { pendingPolls: 0, runningPolls: 1 } });
  const base = { projectId: "proj", datasetId: "zoomcamp", sourceDir: join(work, "src") };
  bq.registerModel({ ...base, modelId: "tip_model", modelType: "LINEAR_REGRESSION" });
  bq.registerModel({ ...base, modelId: "forecast", modelType: "ARIMA_PLUS" });
});
afterAll(async () => {
  await bq.close();
  await gcs.close();
  await rm(work, { recursive: true, force: true });
});

describe("bqdeploy export", () => {
  it("exports a model to Cloud Storage and reports the job", async () => {
    const r = await runCli([
      "export",
      "proj.zoomcamp.tip_model",
      "gs://taxi/tip_model",
      "--bigquery-endpoint",
      bq.url,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Exported proj:zoomcamp\.tip_model to gs:\/\/taxi\/tip_model \(ML_TF_SAVED_MODEL, job \S+, [\d.]+ s\)\n$/,
    );
    expect(r.stderr).toMatch(/tip_model is a LINEAR_REGRESSION model: exporting as ML_TF_SAVED_MODEL/);
    expect(gcs.objects().map((o) => o.name)).toContain("tip_model/saved_model.pb");
  });

  it("prints JSON lines with --json and takes the project from the environment", async () => {
    const r = await runCli(["export", "zoomcamp.tip_model", "gs://taxi/again", "--json"], {
      env: { BIGQUERY_EMULATOR_HOST: bq.url, BQDEPLOY_PROJECT: "proj" },
    });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "export.checked", modelType: "LINEAR_REGRESSION" });
    expect(lines.at(-1)).toMatchObject({ format: "ML_TF_SAVED_MODEL", destination: "gs://taxi/again" });
  });

  it("explains what cannot be exported or was called wrong", async () => {
    const r = await runCli([
      "export",
      "proj.zoomcamp.forecast",
      "gs://taxi/f",
      "--bigquery-endpoint",
      bq.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bqdeploy: Model proj:zoomcamp\.forecast \(ARIMA_PLUS\)/m);
    expect((await runCli(["export", "zoomcamp.tip_model", "gs://taxi/x"])).stderr).toMatch(
      /names no project: add --project/,
    );
    expect((await runCli(["export", "tip_model", "gs://taxi/x"])).code).toBe(2);
    expect((await runCli(["export", "p.d.m", "gs://taxi/x", "--format", "onnx"])).code).toBe(2);
  });
});
