import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ModelRepository } from "./model-repository.js";
import { VERSION_SIDECAR, versionOfFolder } from "./names.js";

let root: string;
let source: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-atomic-"));
  source = `${root}-export`;
  await mkdir(join(source, "variables"), { recursive: true });
  await mkdir(join(source, "assets"), { recursive: true });
  await writeFile(join(source, "saved_model.pb"), Buffer.alloc(64 * 1024, 1));
  await writeFile(join(source, "variables", "variables.index"), "index");
  await writeFile(join(source, "variables", "variables.data-00000-of-00001"), Buffer.alloc(256 * 1024, 2));
  for (let i = 0; i < 20; i++)
    await writeFile(join(source, "assets", `${i}.txt`), `vocab ${i}\n`.repeat(100));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(source, { recursive: true, force: true });
});

/** What a polling server would see: every numeric folder must hold every file of its sidecar. */
async function checkNumericFolders(modelDir: string): Promise<number> {
  let checked = 0;
  for (const name of await readdir(modelDir).catch(() => [])) {
    if (versionOfFolder(name) === undefined) continue;
    const dir = join(modelDir, name);
    const sidecar = JSON.parse(await readFile(join(dir, VERSION_SIDECAR), "utf8")) as {
      files: { path: string; size: number }[];
    };
    for (const file of sidecar.files) {
      const info = await stat(join(dir, file.path));
      if (info.size !== file.size)
        throw new Error(`version ${name}: ${file.path} has ${info.size} bytes, not ${file.size}`);
    }
    expect(sidecar.files.length).toBe(23);
    checked++;
  }
  return checked;
}

describe("atomic installs", () => {
  it("never lets a poller see an incomplete numeric version folder", async () => {
    const repo = new ModelRepository(root);
    let installing = true;
    let observations = 0;
    const watcher = (async () => {
      while (installing) {
        observations += await checkNumericFolders(join(root, "m"));
        await new Promise((r) => setImmediate(r));
      }
    })();
    try {
      for (let i = 0; i < 12; i++) await repo.installFromFolder("m", source);
    } finally {
      installing = false;
    }
    await watcher;
    expect(observations).toBeGreaterThan(12);
    expect((await repo.versions("m")).map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect((await readdir(join(root, "m"))).filter((n) => n.startsWith("."))).toEqual([]);
  });
});
