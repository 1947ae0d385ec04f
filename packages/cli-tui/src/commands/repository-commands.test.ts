import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ModelRepository } from "@bqdeploy/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../testing/run-cli.js";

let work: string;
let repoDir: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "bqdeploy-cli-repo-"));
  repoDir = join(work, "models");
  const source = join(work, "export");
  await mkdir(join(source, "variables"), { recursive: true });
  await writeFile(join(source, "saved_model.pb"), "graph");
  await writeFile(join(source, "variables", "variables.index"), "index");
  const repo = new ModelRepository(repoDir);
  for (let i = 0; i < 3; i++)
    await repo.installFromFolder("tip_model", source, { sourceUri: "gs://b/tip_model" });
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("repository commands", () => {
  it("lists models and versions, as text and as JSON", async () => {
    const models = await runCli(["versions"], { cwd: work });
    expect(models).toMatchObject({ code: 0, stdout: "tip_model  versions 1, 2, 3\n" });
    const text = await runCli(["versions", "tip_model", "--repo", repoDir]);
    expect(text.stdout).toMatch(
      /^tip_model:\n {2}1 {2}tf_saved_model {2}2 files {2}10 B {2}\S+ {2}gs:\/\/b\/tip_model\n/,
    );
    const json = await runCli(["versions", "tip_model", "--json"], { cwd: work });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(parsed.versions[0].metadata.files).toHaveLength(2);
    const empty = await runCli(["versions"], { env: { BQDEPLOY_REPO: join(work, "nothing") } });
    expect(empty.stdout).toMatch(/No models in .*nothing/);
  });

  it("labels, rolls back and prunes", async () => {
    expect((await runCli(["label", "tip_model", "stable=2"], { cwd: work })).stdout).toBe(
      "tip_model: stable -> version 2\n",
    );
    const labelled = await runCli(["label", "tip_model", "canary=3", "--json"], { cwd: work });
    expect(JSON.parse(labelled.stdout).labels).toEqual({ stable: 2, canary: 3 });
    expect(await readFile(join(repoDir, "models.config"), "utf8")).toContain(
      "version_labels { key: 'stable' value: 2 }",
    );
    expect((await runCli(["label", "tip_model"], { cwd: work })).stdout).toBe("canary=3\nstable=2\n");

    const rolled = await runCli(["rollback", "tip_model"], { cwd: work });
    expect(rolled).toMatchObject({
      code: 0,
      stdout: "tip_model: version 3 retired, now serving version 2\n",
    });
    expect((await runCli(["label", "tip_model"], { cwd: work })).stdout).toBe("canary=2\nstable=2\n");
    const removed = await runCli(["label", "tip_model", "--remove", "canary"], { cwd: work });
    expect(removed.stdout).toBe("Removed label canary of tip_model.\n");

    const pruned = await runCli(["prune", "tip_model", "--keep", "1", "--json"], { cwd: work });
    expect(JSON.parse(pruned.stdout)).toEqual({ model: "tip_model", removed: [1], kept: [2] });
    expect(await readdir(join(repoDir, "tip_model"))).toEqual(["2"]);
  });

  it("reports errors on one line with the right exit code", async () => {
    const missing = await runCli(["label", "tip_model", "stable=9"], { cwd: work });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("bqdeploy: tip_model has no version 9 (it has 1, 2, 3).\n");
    const hostile = await runCli(["versions", "../etc", "--json"], { cwd: work });
    expect(hostile.code).toBe(1);
    expect(JSON.parse(hostile.stderr).error.code).toBe("INVALID_ARGUMENT");
    expect((await runCli(["prune", "tip_model"], { cwd: work })).code).toBe(2);
    expect((await runCli(["prune", "tip_model", "--keep", "0"], { cwd: work })).code).toBe(2);
    expect((await runCli(["label", "tip_model", "stable"], { cwd: work })).stderr).toMatch(/LABEL=VERSION/);
    const lone = await runCli(["rollback", "tip_model", "--repo", join(work, "other")]);
    expect(lone.stderr).toMatch(/No model repository at .*other/);
  });
});
