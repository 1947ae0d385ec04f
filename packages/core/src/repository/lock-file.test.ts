import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exited, spawnScript, waitForOutput } from "./__tests__/spawn-script.js";
import { acquireLock, isLockStale } from "./lock-file.js";
import { ModelRepository } from "./model-repository.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "bqdeploy-lock-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function smallExport(dir: string): Promise<string> {
  await mkdir(join(dir, "variables"), { recursive: true });
  await writeFile(join(dir, "saved_model.pb"), "graph");
  await writeFile(join(dir, "variables", "variables.index"), "index");
  return dir;
}

describe("repository lock", () => {
  it("lets one holder in at a time and says who holds it", async () => {
    const path = join(root, "x.lock");
    const held = await acquireLock(path, { purpose: "first" });
    const err = await acquireLock(path, { purpose: "install tip_model", waitMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: "REPOSITORY_LOCKED" });
    expect((err as Error).message).toMatch(
      new RegExp(`Cannot install tip_model: process ${process.pid} on .* \\(first`),
    );
    await held.release();
    const again = await acquireLock(path, { purpose: "second" });
    await again.release();
    expect(await readdir(root)).toEqual([]);
  });

  it("waits for a holder that releases in time", async () => {
    const path = join(root, "x.lock");
    const held = await acquireLock(path, { purpose: "first" });
    setTimeout(() => void held.release(), 150);
    const second = await acquireLock(path, { purpose: "second", waitMs: 5000 });
    await second.release();
  });

  it("refuses an install while another process holds the lock, and takes over once it was killed", async () => {
    const repo = new ModelRepository(root, { lockWaitMs: 200 });
    const dir = await smallExport(join(root, "..", `${root.split("/").at(-1)}-x`));
    const holder = spawnScript("hold-lock.ts", [join(root, ".bqdeploy.lock")]);
    try {
      await waitForOutput(holder, "held");
      const err = await repo.installFromFolder("m", dir).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "REPOSITORY_LOCKED" });
      expect((err as Error).message).toContain(`process ${holder.pid}`);
      expect(await repo.versions("m")).toEqual([]);
      expect(await isLockStale(join(root, ".bqdeploy.lock"))).toBe(false);
      holder.kill("SIGKILL");
      await exited(holder);
      expect(await isLockStale(join(root, ".bqdeploy.lock"))).toBe(true);
      expect((await repo.installFromFolder("m", dir)).version).toBe(1);
    } finally {
      holder.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("serialises two processes installing at once: every version number is used once", async () => {
    const dir = await smallExport(join(root, "..", `${root.split("/").at(-1)}-y`));
    try {
      const a = spawnScript("install-many.ts", [root, "m", dir, "4"]);
      const b = spawnScript("install-many.ts", [root, "m", dir, "4"]);
      expect([await exited(a), await exited(b)]).toEqual([0, 0]);
      const got = [...JSON.parse(a.output()), ...JSON.parse(b.output())].sort((x, y) => x - y);
      expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const versions = await new ModelRepository(root).versions("m");
      expect(versions.every((v) => v.metadata?.fileCount === 2)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
