import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedModel } from "@bqdeploy/test-fixtures";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileCrc32c } from "./manifest.js";
import { ModelRepository } from "./model-repository.js";
import { parseModelsConfig } from "./models-config.js";

let root: string;
let exportDir: string;

/** A small export with the SavedModel layout (bytes need not parse: the repository does not load it). */
async function writeExport(dir: string, seed: string): Promise<void> {
  await mkdir(join(dir, "variables"), { recursive: true });
  await mkdir(join(dir, "assets"), { recursive: true });
  await writeFile(join(dir, "saved_model.pb"), `graph ${seed}`);
  await writeFile(join(dir, "variables", "variables.index"), `index ${seed}`);
  await writeFile(join(dir, "variables", "variables.data-00000-of-00001"), Buffer.alloc(4096, seed));
  await writeFile(join(dir, "assets", "vocab.txt"), "a\nb\n");
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-repo-"));
  exportDir = join(root, "..", `${root.split("/").at(-1)}-export`);
  await writeExport(exportDir, "1");
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(exportDir, { recursive: true, force: true });
});

describe("ModelRepository", () => {
  it("installs exports as versions 1, 2, ... with a metadata sidecar", async () => {
    const repo = new ModelRepository(root);
    const first = await repo.installFromFolder("tip_model", exportDir, { sourceUri: "gs://b/tip_model" });
    const second = await repo.installFromFolder("tip_model", exportDir);
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(await readdir(join(root, "tip_model"))).toEqual(expect.arrayContaining(["1", "2"]));
    const versions = await repo.versions("tip_model");
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const meta = versions[0]!.metadata!;
    expect(meta).toMatchObject({
      sourceUri: "gs://b/tip_model",
      modelType: "tf_saved_model",
      hasTransform: false,
      fileCount: 4,
    });
    expect(meta.sizeBytes).toBe(4096 + "graph 1".length + "index 1".length + 4);
    expect(meta.files.find((f) => f.path === "variables/variables.index")).toEqual({
      path: "variables/variables.index",
      size: 7,
      crc32c: await fileCrc32c(join(exportDir, "variables", "variables.index")),
    });
    expect(await repo.models()).toEqual([
      { name: "tip_model", path: join(root, "tip_model"), versions: [1, 2], latest: 2, labels: {} },
    ]);
    // models.config follows every change
    expect(parseModelsConfig(await readFile(join(root, "models.config"), "utf8")).models[0]).toMatchObject({
      name: "tip_model",
      basePath: "/models/tip_model",
    });
  });

  it("refuses a version that exists and leaves nothing behind", async () => {
    const repo = new ModelRepository(root);
    await repo.installFromFolder("m", exportDir, { version: 5 });
    await expect(repo.installFromFolder("m", exportDir, { version: 5 })).rejects.toMatchObject({
      code: "VERSION_EXISTS",
    });
    expect((await readdir(join(root, "m"))).filter((n) => !n.startsWith(".trash"))).toEqual(["5"]);
    expect((await repo.installFromFolder("m", exportDir)).version).toBe(6);
  });

  it("refuses a folder without a model, and an incomplete staging folder", async () => {
    const repo = new ModelRepository(root);
    await rm(join(exportDir, "saved_model.pb"));
    await expect(repo.installFromFolder("m", exportDir)).rejects.toMatchObject({
      code: "MODEL_FORMAT_INVALID",
    });
    await writeExport(exportDir, "1");
    const staging = await repo.stage("m", { key: "gs://b/m" });
    await writeFile(join(staging.path, "saved_model.pb"), "gra");
    const files = [{ path: "saved_model.pb", size: 7 }];
    await expect(repo.installVersion("m", staging, { files })).rejects.toMatchObject({
      code: "VERSION_INCOMPLETE",
    });
    await writeFile(join(staging.path, "saved_model.pb"), "graph X");
    const wrongCrc = [{ path: "saved_model.pb", size: 7, crc32c: "AAAAAA==" }];
    await expect(repo.installVersion("m", staging, { files: wrongCrc })).rejects.toMatchObject({
      code: "DOWNLOAD_CHECKSUM_MISMATCH",
    });
    await expect(
      repo.installVersion("m", staging, { files: [{ path: "../x", size: 1 }] }),
    ).rejects.toMatchObject({
      code: "UNSAFE_OBJECT_NAME",
    });
    expect((await repo.versions("m")).length).toBe(0);
    const ok = [
      { path: "saved_model.pb", size: 7, crc32c: await fileCrc32c(join(staging.path, "saved_model.pb")) },
    ];
    expect((await repo.installVersion("m", staging, { files: ok })).version).toBe(1);
  });

  it.each(["../x", "a/b", "..", ".hidden"])("refuses the model name %j everywhere", async (name) => {
    const repo = new ModelRepository(root);
    await expect(repo.installFromFolder(name, exportDir)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(repo.stage(name)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(repo.versions(name)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(repo.setLabel(name, "stable", 1)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await readdir(join(root, ".."))).not.toContain("x");
  });

  it("labels versions, writes them to models.config and serves what is labelled", async () => {
    const repo = new ModelRepository(root);
    for (let i = 0; i < 3; i++) await repo.installFromFolder("m", exportDir);
    await repo.setLabel("m", "stable", 1);
    await repo.setLabel("m", "canary", 3);
    expect(await repo.labels("m")).toEqual({ stable: 1, canary: 3 });
    const entry = (await repo.readModelsConfig()).models[0]!;
    expect(entry.versionPolicy).toEqual({ kind: "specific", versions: [1, 3] });
    expect((await repo.versions("m")).map((v) => v.labels)).toEqual([["stable"], [], ["canary"]]);
    await expect(repo.setLabel("m", "stable", 9)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(repo.setLabel("m", "bad-label", 1)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await repo.removeLabel("m", "canary")).toBe(true);
    expect(await repo.labels("m")).toEqual({ stable: 1 });
    // a new version joins the served set
    await repo.installFromFolder("m", exportDir);
    expect((await repo.readModelsConfig()).models[0]!.versionPolicy).toEqual({
      kind: "specific",
      versions: [1, 4],
    });
  });

  it("rolls back by taking the newest version out of serving and moving its labels", async () => {
    const repo = new ModelRepository(root);
    await repo.installFromFolder("m", exportDir);
    await expect(repo.rollback("m")).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });
    await repo.installFromFolder("m", exportDir);
    await repo.setLabel("m", "stable", 2);
    const result = await repo.rollback("m");
    expect(result).toMatchObject({ model: "m", from: 2, to: 1 });
    expect(result.retiredPath).toMatch(/\/m\/\.retired-2-\d+$/);
    expect((await repo.versions("m")).map((v) => v.version)).toEqual([1]);
    expect(await repo.labels("m")).toEqual({ stable: 1 });
    // the retired number is not reused
    expect((await repo.installFromFolder("m", exportDir)).version).toBe(3);
  });

  it("prunes old versions but never a labelled one", async () => {
    const repo = new ModelRepository(root);
    for (let i = 0; i < 5; i++) await repo.installFromFolder("m", exportDir);
    await repo.setLabel("m", "stable", 2);
    await repo.rollback("m"); // retires 5
    expect(await repo.prune("m", { keep: 1 })).toEqual({ removed: [1, 3], kept: [2, 4] });
    expect((await readdir(join(root, "m"))).sort()).toEqual(["2", "4"]);
    await expect(repo.prune("m", { keep: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("cleans stale staging folders that no live process holds", async () => {
    const repo = new ModelRepository(root);
    const held = await repo.stage("m", { key: "a" });
    await repo.writeModelsConfig();
    expect(await repo.readModelsConfig()).toEqual({ models: [] }); // no version yet: not served
    const left = await repo.stage("m", { key: "b" });
    await left.release();
    expect(await repo.cleanStaging("m", 0)).toEqual([`.staging-${left.id}`]);
    expect(await readdir(join(root, "m"))).toEqual([`.staging-${held.id}`, `.staging-${held.id}.lock`]);
    await expect(repo.stage("m", { key: "a" })).rejects.toMatchObject({ code: "REPOSITORY_LOCKED" });
    await held.release();
    const again = await repo.stage("m", { key: "a" });
    expect(again.resumed).toBe(true);
    await again.release();
  });

  it("detects an XGBoost booster and a TRANSFORM folder", async () => {
    const repo = new ModelRepository(root);
    const booster = join(exportDir, "..", `${root.split("/").at(-1)}-bst`);
    await mkdir(join(booster, "transform"), { recursive: true });
    await writeFile(join(booster, "model.bst"), "bst");
    await writeFile(join(booster, "transform", "saved_model.pb"), "t");
    try {
      const v = await repo.installFromFolder("trees", booster);
      expect(v.metadata).toMatchObject({ modelType: "xgboost_booster", hasTransform: true, fileCount: 2 });
    } finally {
      await rm(booster, { recursive: true, force: true });
    }
  });
});

describe.runIf(haveSharedModels("repository installs real BigQuery ML exports"))("with real exports", () => {
  it("installs tip_model and a boosted tree from ../shared/models byte for byte", async () => {
    const repo = new ModelRepository(root);
    const tip = await repo.installFromFolder("tip_model", sharedModel("tip_model/tf2.21"));
    expect(tip.metadata).toMatchObject({ modelType: "tf_saved_model", hasTransform: false, fileCount: 8 });
    const original = await readFile(sharedModel("tip_model/tf2.21/variables/variables.data-00000-of-00001"));
    expect(await readFile(join(tip.path, "variables", "variables.data-00000-of-00001"))).toEqual(original);
    const tree = await repo.installFromFolder("boosted", sharedModel("boosted_tree_regressor"));
    expect(tree.metadata?.modelType).toBe("xgboost_booster");
    const transform = await repo.installFromFolder("lin", sharedModel("linear_reg_transform"));
    expect(transform.metadata?.hasTransform).toBe(true);
    // copies are writable, so they can be pruned
    await repo.installFromFolder("tip_model", sharedModel("tip_model/tf2.21"));
    expect((await repo.prune("tip_model", { keep: 1 })).removed).toEqual([1]);
  });
});
