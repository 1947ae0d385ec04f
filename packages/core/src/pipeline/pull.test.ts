import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeGcs, haveSharedModels, sharedModel, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ModelRepository } from "../repository/index.js";
import type { PipelineEvent } from "./events.js";
import { pull, pullToEnd } from "./pull.js";

const FAST_RETRY = { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 };
let gcs: FakeGcs;
let root: string;

beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["exports"] });
});
afterAll(async () => {
  await gcs.close();
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-pull-"));
  gcs.faults(undefined);
  gcs.slowBody(0);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function putExport(prefix: string, seed: number): Map<string, Buffer> {
  const files = new Map<string, Buffer>([
    ["saved_model.pb", Buffer.from(`graph ${seed}`)],
    ["variables/variables.index", Buffer.from(`index ${seed}`)],
    ["variables/variables.data-00000-of-00001", Buffer.alloc(300_000, seed)],
    ["assets/vocab.txt", Buffer.from("a\nb\n")],
  ]);
  for (const [name, bytes] of files) gcs.putObject("exports", `${prefix}/${name}`, bytes);
  return files;
}

async function collect(
  events: AsyncIterable<PipelineEvent>,
): Promise<{ events: PipelineEvent[]; error?: unknown }> {
  const seen: PipelineEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error };
  }
}

describe("pull", () => {
  it("downloads an export and installs it as the next version, with typed events", async () => {
    const files = putExport("m1", 1);
    const { events, error } = await collect(
      pull({ source: "gs://exports/m1", model: "m", repo: root, storageEndpoint: gcs.url }),
    );
    expect(error).toBeUndefined();
    const steps = events.filter((e) => e.type === "step").map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual(["download:started", "download:done", "install:started", "install:done"]);
    const total = [...files.values()].reduce((sum, b) => sum + b.length, 0);
    expect(
      events.some(
        (e) => e.type === "progress" && e.step === "download" && e.bytesTotal === total && e.filesTotal === 4,
      ),
    ).toBe(true);
    const done = events.at(-1);
    expect(done).toMatchObject({
      type: "done",
      model: "m",
      version: 1,
      files: 4,

      resumed: false,
    });
    expect(done).toMatchObject({ downloadedBytes: total, bytes: total });
    for (const [name, bytes] of files)
      expect((await readFile(join(root, "m", "1", name))).equals(bytes)).toBe(true);
    const versions = await new ModelRepository(root).versions("m");
    expect(versions[0]!.metadata).toMatchObject({
      sourceUri: "gs://exports/m1",
      modelType: "tf_saved_model",
      fileCount: 4,
    });
    expect(await readdir(join(root, "m"))).toEqual(["1"]);
    const second = await pullToEnd({
      source: "gs://exports/m1",
      model: "m",
      repo: root,
      storageEndpoint: gcs.url,
    });
    expect(second.version).toBe(2);
  });

  it("leaves no version after a checksum failure, and keeps the staging folder", async () => {
    putExport("m2", 2);
    gcs.corruptChecksum("m2/variables/variables.index");
    const options = {
      source: "gs://exports/m2",
      model: "m",
      repo: root,
      storageEndpoint: gcs.url,
      retry: FAST_RETRY,
    };
    const failed = await collect(pull(options));
    expect(failed.error).toMatchObject({ code: "DOWNLOAD_CHECKSUM_MISMATCH" });
    expect(failed.events.at(-1)).toMatchObject({ type: "step", step: "download", status: "failed" });
    const left = await readdir(join(root, "m"));
    expect(left.filter((n) => /^\d+$/.test(n))).toEqual([]);
    expect(left.filter((n) => n.startsWith(".staging-"))).toHaveLength(1);
  });

  it("resumes an interrupted pull in the same staging folder, skipping complete files", async () => {
    putExport("m5", 5);
    gcs.slowBody(150);
    const controller = new AbortController();
    const options = {
      source: "gs://exports/m5",
      model: "m",
      repo: root,
      storageEndpoint: gcs.url,
      concurrency: 1,
    };
    const first = pull({ ...options, signal: controller.signal });
    const seen = await collect(
      (async function* () {
        for await (const event of first) {
          yield event;
          if (event.type === "progress" && event.step === "download" && event.filesDone >= 2)
            controller.abort(new Error("interrupted"));
        }
      })(),
    );
    expect(seen.error).toMatchObject({ code: "CANCELLED" });
    expect((await readdir(join(root, "m"))).filter((n) => /^\d+$/.test(n))).toEqual([]);
    gcs.slowBody(0);
    const done = await pullToEnd(options);
    expect(done).toMatchObject({ version: 1, resumed: true });
    expect(done.skippedFiles).toBeGreaterThanOrEqual(2);
    expect(done.downloadedBytes).toBeLessThan(done.bytes);
    expect(await readdir(join(root, "m"))).toEqual(["1"]);
  });

  it("installs exactly the export: stray files in the staging folder are dropped", async () => {
    putExport("m3", 3);
    const repo = new ModelRepository(root);
    const staging = await repo.stage("m", { key: "gs://exports/m3" });
    await writeFile(join(staging.path, "saved_model.pb.part"), "half");
    await writeFile(join(staging.path, "old-file.txt"), "from an older export");
    await staging.release();
    const done = await pullToEnd({ source: "gs://exports/m3", model: "m", repo, storageEndpoint: gcs.url });
    expect(done.resumed).toBe(true);
    expect((await readdir(done.path)).sort()).toEqual([
      ".bqdeploy-version.json",
      "assets",
      "saved_model.pb",
      "variables",
    ]);
  });

  it("refuses bad input before touching the repository", async () => {
    const base = { repo: root, storageEndpoint: gcs.url };
    await expect(pullToEnd({ ...base, source: "gs://exports/m1", model: "../x" })).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(pullToEnd({ ...base, source: "http://x/y", model: "m" })).rejects.toMatchObject({
      code: expect.any(String),
    });
    await expect(pullToEnd({ ...base, source: "gs://exports/none", model: "m" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await readdir(root)).filter((n) => n !== "m")).toEqual([]);
  });

  it("refuses an export without saved_model.pb or model.bst and keeps the staging", async () => {
    gcs.putObject("exports", "bad/readme.txt", "not a model");
    await expect(
      pullToEnd({ source: "gs://exports/bad", model: "m", repo: root, storageEndpoint: gcs.url }),
    ).rejects.toMatchObject({
      code: "MODEL_FORMAT_INVALID",
    });
    expect((await readdir(join(root, "m"))).filter((n) => /^\d+$/.test(n))).toEqual([]);
  });

  it("cancels when the consumer stops iterating or the signal aborts", async () => {
    putExport("m4", 4);
    gcs.slowBody(200);
    const controller = new AbortController();
    const options = { source: "gs://exports/m4", model: "m", repo: root, storageEndpoint: gcs.url };
    const iteration = collect(
      (async function* () {
        for await (const event of pull({ ...options, signal: controller.signal })) {
          yield event;
          if (event.type === "progress") controller.abort(new Error("user pressed Ctrl-C"));
        }
      })(),
    );
    const { error } = await iteration;
    expect(error).toMatchObject({ code: "CANCELLED" });
    expect((await readdir(join(root, "m"))).filter((n) => /^\d+$/.test(n))).toEqual([]);
    for await (const event of pull({
      source: "gs://exports/m4",
      model: "m",
      repo: root,
      storageEndpoint: gcs.url,
    })) {
      if (event.type === "step") break;
    }
    expect((await readdir(join(root, "m"))).filter((n) => /^\d+$/.test(n))).toEqual([]);
  });
});

describe.runIf(haveSharedModels("pull of a real export through the fake GCS"))("pull a real export", () => {
  it("pulls tip_model byte for byte as version N+1", async () => {
    const dir = sharedModel("tip_model/tf2.21");
    await gcs.putFolder("exports", "tip_model", dir);
    const repo = new ModelRepository(root);
    await repo.installFromFolder("tip_model", dir);
    const done = await pullToEnd({
      source: "gs://exports/tip_model",
      model: "tip_model",
      repo,
      storageEndpoint: gcs.url,
    });
    expect(done.version).toBe(2);
    const [v1, v2] = await repo.versions("tip_model");
    expect(v2!.metadata!.files).toEqual(v1!.metadata!.files);
    const bytes = await readFile(join(done.path, "saved_model.pb"));
    expect(bytes.equals(await readFile(join(dir, "saved_model.pb")))).toBe(true);
  });
});
