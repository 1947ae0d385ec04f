import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  type FakeBigQuery,
  type FakeGcs,
  haveSharedModels,
  sharedModel,
  startFakeBigQuery,
  startFakeGcs,
} from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadExport } from "../storage/index.js";
import { exportModel } from "./export-model.js";
import type { ExportEvent } from "./export-types.js";

let gcs: FakeGcs;
let bq: FakeBigQuery;
let dir: string;
const base = { project: "proj", dataset: "zoomcamp", pollIntervalMs: 5 };

beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["taxi"] });
  bq = await startFakeBigQuery({ gcs, schedule: { pendingPolls: 1, runningPolls: 2 } });
  dir = await mkdtemp(join(tmpdir(), "bqdeploy-export-"));
});
afterAll(async () => {
  await bq.close();
  await gcs.close();
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

async function expectSameTree(expected: string, actual: string): Promise<void> {
  const names = await filesUnder(expected);
  expect(await filesUnder(actual)).toEqual(names);
  for (const name of names) {
    expect((await readFile(join(actual, name))).equals(await readFile(join(expected, name))), name).toBe(
      true,
    );
  }
}

describe("exportModel then downloadExport", () => {
  it("exports a generated 112-file model (two files over 10 MB) and downloads it byte-identically", async () => {
    const source = join(dir, "generated");
    for (let i = 0; i < 110; i++) {
      await mkdir(join(source, "assets", `v${i % 5}`), { recursive: true });
      await writeFile(join(source, "assets", `v${i % 5}`, `vocab-${i}.txt`), randomBytes(100 + i * 37));
    }
    await mkdir(join(source, "variables"), { recursive: true });
    await writeFile(
      join(source, "variables", "variables.data-00000-of-00001"),
      randomBytes(11 * 1024 * 1024),
    );
    await writeFile(join(source, "saved_model.pb"), randomBytes(10 * 1024 * 1024 + 3));
    bq.registerModel({ ...ids("generated"), modelType: "DNN_REGRESSOR", sourceDir: source });

    const events: ExportEvent[] = [];
    const result = await exportModel({
      ...base,
      model: "generated",
      destination: "gs://taxi/generated",
      apiEndpoint: bq.url,
      onEvent: (e) => events.push(e),
    });
    expect(result).toMatchObject({ format: "ML_TF_SAVED_MODEL", modelType: "DNN_REGRESSOR", reused: false });
    expect(events.map((e) => e.type)).toEqual([
      "export.checked",
      "export.job-created",
      "export.progress",
      "export.progress",
      "export.progress",
      "export.progress",
      "export.done",
    ]);
    expect(events.filter((e) => e.type === "export.progress").map((e) => e.state)).toEqual([
      "PENDING",
      "RUNNING",
      "RUNNING",
      "DONE",
    ]);
    const to = join(dir, "staging-generated");
    const manifest = await downloadExport({ source: result.destination, to, apiEndpoint: gcs.url });
    expect(manifest.totalFiles).toBe(112);
    await expectSameTree(source, to);
  });

  it.runIf(haveSharedModels("export/download of real BigQuery ML exports"))(
    "exports and downloads the real tip_model and a boosted-tree booster unchanged",
    async () => {
      bq.registerModel({
        ...ids("tip_model"),
        modelType: "LINEAR_REGRESSION",
        sourceDir: sharedModel("tip_model/tf2.21"),
        featureColumns: [
          { name: "passenger_count", type: { typeKind: "FLOAT64" } },
          { name: "PULocationID", type: { typeKind: "STRING" } },
        ],
      });
      bq.registerModel({
        ...ids("trees"),
        modelType: "BOOSTED_TREE_REGRESSOR",
        sourceDir: sharedModel("boosted_tree_regressor"),
      });
      for (const [model, shared, format] of [
        ["tip_model", "tip_model/tf2.21", "ML_TF_SAVED_MODEL"],
        ["trees", "boosted_tree_regressor", "ML_XGBOOST_BOOSTER"],
      ] as const) {
        const result = await exportModel({
          ...base,
          model,
          destination: `gs://taxi/${model}`,
          apiEndpoint: bq.url,
        });
        expect(result.format).toBe(format);
        const insert = bq.requests.find(
          (r) => r.method === "POST" && JSON.stringify(r.body).includes(`"modelId":"${model}"`),
        );
        expect(insert?.body).toMatchObject({
          jobReference: { projectId: "proj", jobId: result.jobId },
          configuration: { extract: { destinationFormat: format, destinationUris: [`gs://taxi/${model}`] } },
        });
        const to = join(dir, `staging-${model}`);
        await downloadExport({ source: result.destination, to, apiEndpoint: gcs.url });
        await expectSameTree(sharedModel(shared), to);
      }
    },
  );

  it("is idempotent: the same export finds its job (409) and waits for it; a nonce starts a new one", async () => {
    bq.registerModel({ ...ids("again"), modelType: "LINEAR_REGRESSION", sourceDir: join(dir, "generated") });
    const options = { ...base, model: "again", destination: "gs://taxi/again/", apiEndpoint: bq.url };
    const first = await exportModel(options);
    const events: ExportEvent[] = [];
    const second = await exportModel({ ...options, onEvent: (e) => events.push(e) });
    expect(second.jobId).toBe(first.jobId);
    expect(second.reused).toBe(true);
    expect(events.find((e) => e.type === "export.job-created")).toMatchObject({ reused: true });
    expect(bq.requests.filter((r) => r.method === "POST" && r.status === 409)).toHaveLength(1);
    const third = await exportModel({ ...options, nonce: "retrained" });
    expect(third.jobId).not.toBe(first.jobId);
    expect(third.reused).toBe(false);
  });

  it("uses an explicit job id and location", async () => {
    const result = await exportModel({
      ...base,
      model: "again",
      destination: "gs://taxi/explicit",
      jobId: "my_job_1",
      location: "US",
      apiEndpoint: bq.url,
    });
    expect(result).toMatchObject({ jobId: "my_job_1", location: "US" });
    expect(bq.jobs.get("proj:my_job_1")?.location).toBe("US");
  });
});

function ids(modelId: string): { projectId: string; datasetId: string; modelId: string } {
  return { projectId: "proj", datasetId: "zoomcamp", modelId };
}
