import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BigQuery } from "@google-cloud/bigquery";
import { type FakeBigQuery, type FakeGcs, startFakeBigQuery, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { exportModel } from "./export-model.js";
import type { ExportModelOptions } from "./export-types.js";

let gcs: FakeGcs;
let bq: FakeBigQuery;
let dir: string;

beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["us-bucket", "eu-bucket"] });
  bq = await startFakeBigQuery({
    gcs,
    schedule: { pendingPolls: 1, runningPolls: 1 },
    bucketLocations: { "eu-bucket": "EU" },
  });
  dir = await mkdtemp(join(tmpdir(), "bqdeploy-export-err-"));
  await writeFile(join(dir, "saved_model.pb"), "pb");
  const model = (modelId: string, modelType: string, extra: object = {}) =>
    bq.registerModel({ projectId: "p", datasetId: "d", modelId, modelType, sourceDir: dir, ...extra });
  model("linear", "LINEAR_REGRESSION");
  model("automl", "AUTOML_CLASSIFIER");
  model("arima", "ARIMA_PLUS");
  model("timed", "LINEAR_REGRESSION", {
    featureColumns: [{ name: "pickup_at", type: { typeKind: "TIMESTAMP" } }],
  });
  model("transform", "LINEAR_REGRESSION", {
    transformColumns: [{ name: "f", type: { typeKind: "FLOAT64" } }],
  });
  model("broken", "LINEAR_REGRESSION", {
    failExport: { reason: "internalError", message: "Model export ran out of quota" },
  });
});
afterAll(async () => {
  await bq.close();
  await gcs.close();
  await rm(dir, { recursive: true, force: true });
});

const options = (model: string, extra: Partial<ExportModelOptions> = {}): ExportModelOptions => ({
  project: "p",
  dataset: "d",
  model,
  destination: `gs://us-bucket/${model}`,
  apiEndpoint: bq.url,
  pollIntervalMs: 5,
  ...extra,
});

async function failure(opts: ExportModelOptions): Promise<{ code: string; message: string }> {
  const error = await exportModel(opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBqdeployError(error)) throw new Error(`expected a BqdeployError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

const jobsInserted = (model: string): number =>
  bq.requests.filter(
    (r) => r.method === "POST" && JSON.stringify(r.body ?? "").includes(`"modelId":"${model}"`),
  ).length;

describe("exportModel errors", () => {
  it("refuses AutoML and ARIMA models before creating a job", async () => {
    expect(await failure(options("automl"))).toMatchObject({
      code: "MODEL_NOT_EXPORTABLE",
      message: expect.stringMatching(/AutoML/),
    });
    expect(await failure(options("arima"))).toMatchObject({
      code: "MODEL_NOT_EXPORTABLE",
      message: expect.stringMatching(/ML\.FORECAST/),
    });
    expect(jobsInserted("automl") + jobsInserted("arima")).toBe(0);
  });

  it("refuses a TIMESTAMP feature and a format the model cannot take", async () => {
    expect(await failure(options("timed"))).toMatchObject({
      code: "MODEL_NOT_EXPORTABLE",
      message: expect.stringMatching(/pickup_at/),
    });
    expect((await failure(options("linear", { format: "xgboost" }))).code).toBe("MODEL_NOT_EXPORTABLE");
  });

  it("warns that a TRANSFORM model brings a transform/ folder", async () => {
    const warnings: string[] = [];
    const result = await exportModel({
      ...options("transform"),
      logger: { debug() {}, info() {}, error() {}, warn: (m) => warnings.push(m) },
    });
    expect(result.warnings.join()).toMatch(/transform\//);
    expect(warnings.join()).toMatch(/transform\//);
  });

  it("says NOT_FOUND for a missing model", async () => {
    expect(await failure(options("nope"))).toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/p:d\.nope/),
    });
  });

  it("says PERMISSION_DENIED naming the missing permission", async () => {
    const denied = await startFakeBigQuery({
      gcs,
      models: [
        { projectId: "p", datasetId: "d", modelId: "linear", modelType: "LINEAR_REGRESSION", sourceDir: dir },
      ],
    });
    try {
      denied.denyPermission("bigquery.models.export");
      const error = await failure(options("linear", { apiEndpoint: denied.url }));
      expect(error.code).toBe("PERMISSION_DENIED");
      expect(error.message).toContain("bigquery.models.export");
      expect(error.message).toContain("bigquery.jobs.create");
    } finally {
      await denied.close();
    }
  });

  it("says LOCATION_MISMATCH for a wrong job location and for a bucket in another location", async () => {
    expect(await failure(options("linear", { location: "EU" }))).toMatchObject({
      code: "LOCATION_MISMATCH",
      message: expect.stringMatching(/US/),
    });
    const wrongBucket = await failure(options("linear", { destination: "gs://eu-bucket/linear" }));
    expect(wrongBucket).toMatchObject({
      code: "LOCATION_MISMATCH",
      message: expect.stringMatching(/different locations/),
    });
  });

  it("says EXPORT_FAILED with the job's errorResult message", async () => {
    expect(await failure(options("broken"))).toMatchObject({
      code: "EXPORT_FAILED",
      message: expect.stringMatching(/ran out of quota/),
    });
    expect(await failure(options("linear", { destination: "gs://missing-bucket/x" }))).toMatchObject({
      code: "EXPORT_FAILED",
      message: expect.stringMatching(/missing-bucket/),
    });
  });

  it("rides out transient 503 and 429 answers", async () => {
    bq.failNext(2, 503);
    const first = exportModel(options("linear", { destination: "gs://us-bucket/transient" }));
    expect((await first).format).toBe("ML_TF_SAVED_MODEL");
    bq.failNext(1, 429);
    expect((await exportModel(options("linear", { destination: "gs://us-bucket/transient2" }))).reused).toBe(
      false,
    );
  });

  it("says UNAVAILABLE when BigQuery keeps failing", async () => {
    bq.failNext(10, 503);
    expect((await failure(options("linear", { destination: "gs://us-bucket/down" }))).code).toBe(
      "UNAVAILABLE",
    );
    bq.failNext(0);
  });

  it("says INVALID_ARGUMENT for a destination that is not gs://", async () => {
    expect((await failure(options("linear", { destination: "/tmp/model" }))).code).toBe("INVALID_ARGUMENT");
  });

  it("says CREDENTIALS_MISSING when the API wants credentials and there are none", async () => {
    const strict = await startFakeBigQuery({ gcs, requireAuth: true });
    const saved = { ...process.env };
    // No Application Default Credentials anywhere, and no metadata server.
    delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.HOME = dir;
    process.env.CLOUDSDK_CONFIG = dir;
    process.env.GCE_METADATA_HOST = "127.0.0.1:9";
    process.env.METADATA_SERVER_DETECTION = "none";
    try {
      for (const credentials of ["none", "application-default"] as const) {
        const error = await failure(options("linear", { apiEndpoint: strict.url, credentials }));
        expect(error.code, credentials).toBe("CREDENTIALS_MISSING");
        expect(error.message).toContain("gcloud auth application-default login");
        expect(error.message).toContain("BIGQUERY_EMULATOR_HOST");
      }
    } finally {
      process.env = saved;
      await strict.close();
    }
  });

  it("says CANCELLED when aborted while polling", async () => {
    const slow = await startFakeBigQuery({
      gcs,
      schedule: { pendingPolls: 1000, runningPolls: 0 },
      models: [
        { projectId: "p", datasetId: "d", modelId: "linear", modelType: "LINEAR_REGRESSION", sourceDir: dir },
      ],
    });
    try {
      const error = await failure({
        ...options("linear", { apiEndpoint: slow.url, pollIntervalMs: 20 }),
        signal: AbortSignal.timeout(150),
      });
      expect(error.code).toBe("CANCELLED");
    } finally {
      await slow.close();
    }
  });
});

describe("fake BigQuery with the real client", () => {
  it("serves the SDK configured by BIGQUERY_EMULATOR_HOST (base URL used verbatim)", async () => {
    const saved = process.env.BIGQUERY_EMULATOR_HOST;
    process.env.BIGQUERY_EMULATOR_HOST = bq.url;
    try {
      const client = new BigQuery({ projectId: "p" });
      const [meta] = await client.dataset("d").model("linear").getMetadata();
      expect(meta.modelType).toBe("LINEAR_REGRESSION");
      const [job] = await client
        .dataset("d")
        .model("linear")
        .createExtractJob("gs://us-bucket/sdk", { format: "ML_TF_SAVED_MODEL", jobId: "sdk_job" });
      await job.promise();
      expect(gcs.store.get("us-bucket", "sdk/saved_model.pb")?.size).toBe(2);
      const duplicate = await client
        .dataset("d")
        .model("linear")
        .createExtractJob("gs://us-bucket/sdk", { jobId: "sdk_job" })
        .catch((e: unknown) => e);
      expect((duplicate as { code?: number }).code).toBe(409);
    } finally {
      if (saved === undefined) delete process.env.BIGQUERY_EMULATOR_HOST;
      else process.env.BIGQUERY_EMULATOR_HOST = saved;
    }
    expect(bq.requests.some((r) => r.path === "/projects/p/jobs/sdk_job")).toBe(true);
  });
});
