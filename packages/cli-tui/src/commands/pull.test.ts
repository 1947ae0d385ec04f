import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeBigQuery, type FakeGcs, startFakeBigQuery, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

let gcs: FakeGcs;
let bq: FakeBigQuery;
let work: string;
const bigFile = Buffer.alloc(600_000, 3);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bqdeploy-cli-pull-"));
  gcs = await startFakeGcs({ buckets: ["taxi"] });
  gcs.putObject("taxi", "tip_model/saved_model.pb", "graph");
  gcs.putObject("taxi", "tip_model/variables/variables.index", "index");
  gcs.putObject("taxi", "tip_model/variables/variables.data-00000-of-00001", bigFile);
  gcs.putObject("taxi", "notamodel/readme.txt", "hello");
  bq = await startFakeBigQuery({ gcs, schedule: { pendingPolls: 0, runningPolls: 1 } });
});
afterAll(async () => {
  await bq.close();
  await gcs.close();
  await rm(work, { recursive: true, force: true });
});

describe("bqdeploy pull", () => {
  it("installs the export as the next version and says so", async () => {
    const repo = join(work, "r1");
    const r = await runCli([
      "pull",
      "gs://taxi/tip_model",
      "--model",
      "tip_model",
      "--repo",
      repo,
      "--storage-endpoint",
      gcs.url,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Installed tip_model version 1 at .*r1\/tip_model\/1 \(3 files, 600\.0 kB; downloaded 600\.0 kB\)\n$/,
    );
    expect(r.stderr).toContain("Downloading gs://taxi/tip_model");
    expect(
      await readFile(join(repo, "tip_model", "1", "variables", "variables.data-00000-of-00001")),
    ).toEqual(bigFile);
    const again = await runCli(
      ["pull", "gs://taxi/tip_model", "--model", "tip_model", "--storage-endpoint", gcs.url],
      {
        env: { BQDEPLOY_REPO: repo },
      },
    );
    expect(again.stdout).toMatch(/version 2/);
  });

  it("prints JSON lines of events, then the result, with --json", async () => {
    const repo = join(work, "r2");
    const r = await runCli(["pull", "gs://taxi/tip_model", "--model", "m", "--repo", repo, "--json"], {
      env: { STORAGE_EMULATOR_HOST: gcs.url },
    });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: "step", step: "download", status: "started" });
    expect(lines.some((e) => e.type === "progress" && e.bytesTotal === 600_010)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "done", model: "m", version: 1, files: 3 });
    expect(r.stderr).toBe("");
  });

  it("draws a progress bar on a terminal", async () => {
    gcs.slowBody(20);
    try {
      const r = await runCli(
        [
          "pull",
          "gs://taxi/tip_model",
          "--model",
          "m",
          "--repo",
          join(work, "r3"),
          "--storage-endpoint",
          gcs.url,
          "--concurrency",
          "1",
        ],
        { tty: true },
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/\rdownload \[#*\.*\] +\d+% /);
    } finally {
      gcs.slowBody(0);
    }
  });

  it("exports first with --export", async () => {
    bq.registerModel({
      projectId: "proj",
      datasetId: "zoomcamp",
      modelId: "tip_model",
      modelType: "LINEAR_REGRESSION",
      sourceDir: join(work, "src"),
    });
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(join(work, "src"), { recursive: true });
    await writeFile(join(work, "src", "saved_model.pb"), "exported graph");
    const r = await runCli(
      [
        "pull",
        "gs://taxi/exported",
        "--model",
        "tip_model",
        "--repo",
        join(work, "r4"),
        "--export",
        "zoomcamp.tip_model",
        "--project",
        "proj",
      ],
      { env: { STORAGE_EMULATOR_HOST: gcs.url, BIGQUERY_EMULATOR_HOST: bq.url } },
    );
    expect(r.stderr).toMatch(/Exporting proj:zoomcamp.tip_model to gs:\/\/taxi\/exported/);
    expect(r.code).toBe(0);
    expect(await readFile(join(work, "r4", "tip_model", "1", "saved_model.pb"), "utf8")).toBe(
      "exported graph",
    );
  });

  it("fails with one line and no version for a folder that is not a model; exit 2 for usage errors", async () => {
    const repo = join(work, "r5");
    const r = await runCli([
      "pull",
      "gs://taxi/notamodel",
      "--model",
      "m",
      "--repo",
      repo,
      "--storage-endpoint",
      gcs.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(
      /^bqdeploy: .*holds neither saved_model\.pb nor model\.bst/,
    );
    expect((await readdir(join(repo, "m"))).filter((n) => /^\d+$/.test(n))).toEqual([]);
    const json = await runCli([
      "pull",
      "gs://taxi/nothing",
      "--model",
      "m",
      "--repo",
      repo,
      "--storage-endpoint",
      gcs.url,
      "--json",
    ]);
    expect(JSON.parse(json.stderr).error.code).toBe("NOT_FOUND");
    expect((await runCli(["pull", "gs://taxi/tip_model"])).code).toBe(2);
    expect((await runCli(["pull", "gs://taxi/tip_model", "--model", "m", "--version", "x"])).code).toBe(2);
    expect((await runCli(["pull", "gs://taxi/tip_model", "--model", "m", "--export", "a.b.c.d"])).code).toBe(
      2,
    );
    expect((await runCli(["pull", "gs://taxi/tip_model", "--model", "../m", "--repo", repo])).stderr).toMatch(
      /Invalid model name/,
    );
  });
});
