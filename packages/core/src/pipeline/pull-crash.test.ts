import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeGcs, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exited, spawnScript, waitForOutput } from "../repository/__tests__/spawn-script.js";
import { VERSION_SIDECAR, versionOfFolder } from "../repository/index.js";
import type { PipelineEvent } from "./events.js";
import { pullToEnd } from "./pull.js";

// BQDEPLOY_CRASH_RUNS lowers the count for a quick local run; CI and the default run all 20.
const RUNS = Number(process.env.BQDEPLOY_CRASH_RUNS ?? 20);
const POOL = 3; // children loading in advance, so tsx start-up does not add up
const SOURCE = "gs://exports/crash";
const CHILD = new URL("./__tests__/pull-child.ts", import.meta.url);

let gcs: FakeGcs;
let root: string;
const exportFiles = new Map<string, Buffer>();

beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["exports"] });
  root = await mkdtemp(join(tmpdir(), "bqdeploy-crash-"));
  exportFiles.set("saved_model.pb", Buffer.alloc(20_000, 7));
  exportFiles.set("variables/variables.index", Buffer.from("index"));
  for (let i = 0; i < 10; i++)
    exportFiles.set(`variables/variables.data-0000${i}-of-00010`, Buffer.alloc(300_000, i));
  exportFiles.set("assets/vocab.txt", Buffer.from("a\nb\nc\n"));
  for (const [name, bytes] of exportFiles) gcs.putObject("exports", `crash/${name}`, bytes);
});
afterAll(async () => {
  await gcs.close();
  await rm(root, { recursive: true, force: true });
});

/** Every numeric folder must hold the whole export, byte for byte, and its sidecar. */
async function expectOnlyCompleteVersions(modelDir: string): Promise<number[]> {
  const versions: number[] = [];
  for (const name of await readdir(modelDir).catch(() => [])) {
    const version = versionOfFolder(name);
    if (version === undefined) continue;
    const dir = join(modelDir, name);
    await stat(join(dir, VERSION_SIDECAR));
    for (const [file, bytes] of exportFiles) {
      expect((await readFile(join(dir, file))).equals(bytes), `${name}/${file}`).toBe(true);
    }
    versions.push(version);
  }
  return versions.sort((a, b) => a - b);
}

/** Files of the staging folder already complete (the resume will skip them). */
async function completeStagedFiles(modelDir: string): Promise<number> {
  const staging = (await readdir(modelDir).catch(() => [])).find(
    (n) => n.startsWith(".staging-") && !n.endsWith(".lock"),
  );
  if (!staging) return 0;
  let complete = 0;
  for (const [file, bytes] of exportFiles) {
    const info = await stat(join(modelDir, staging, file)).catch(() => undefined);
    if (info?.size === bytes.length) complete++;
  }
  return complete;
}

/** Waits until the child printed an event matching `match`, or exited. */
async function waitForEvent(
  child: ReturnType<typeof spawnScript>,
  match: (event: PipelineEvent) => boolean,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (child.exitCode === null && Date.now() < deadline) {
    const events = child
      .output()
      .split("\n")
      .slice(0, -1)
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as PipelineEvent);
    if (events.some(match)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Deterministic pseudo-random numbers in [0, 1) (a printed seed reproduces a failure). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe("crash safety of pull", () => {
  it(`kill -9 at ${RUNS} random moments never leaves an incomplete version, and the next pull resumes`, async () => {
    const seed = Date.now() % 100_000;
    const random = lcg(seed);
    const modelDir = join(root, "m");
    const pool: ReturnType<typeof spawnScript>[] = [];
    const spawnChild = () => spawnScript(CHILD, [gcs.url, root, SOURCE, "m", "2"]);
    let spawned = 0;
    let resumedWithSavings = 0;
    let killedMidway = 0;
    let expectedVersions = 0;
    try {
      for (let run = 0; run < RUNS; run++) {
        while (pool.length < POOL && spawned < RUNS) {
          pool.push(spawnChild());
          spawned++;
        }
        const child = pool.shift()!;
        await waitForOutput(child, "ready", 60_000);
        gcs.slowBody(30);
        child.stdin?.write("go\n");
        // A random moment: before listing, after k of the 12 files, or during the install.
        const target = Math.floor(random() * 14);
        await waitForEvent(child, (e) =>
          target === 0
            ? e.type === "step"
            : target === 13
              ? e.type === "step" && e.step === "install"
              : e.type === "progress" && e.step === "download" && e.filesDone >= target,
        );
        await new Promise((r) => setTimeout(r, random() * 40));
        child.kill("SIGKILL");
        const code = await exited(child);

        const context = `seed ${seed}, run ${run}, target ${target}`;
        // The child may have installed its version (it finished, or was killed just after the rename).
        const installed = (await expectOnlyCompleteVersions(modelDir)).length;
        expect(installed, context).toBeGreaterThanOrEqual(expectedVersions);
        expect(installed, context).toBeLessThanOrEqual(expectedVersions + 1);
        expectedVersions = installed;
        gcs.slowBody(0);
        const staged = await completeStagedFiles(modelDir);
        if (code !== 0) killedMidway++;
        const done = await pullToEnd({ source: SOURCE, model: "m", repo: root, storageEndpoint: gcs.url });
        expectedVersions++;
        expect(done.version, context).toBe(expectedVersions);
        if (staged > 0) {
          expect(done.resumed, context).toBe(true);
          expect(done.skippedFiles, context).toBeGreaterThanOrEqual(staged);
          expect(done.downloadedBytes, context).toBeLessThan(done.bytes);
          resumedWithSavings++;
        }
        expect(await expectOnlyCompleteVersions(modelDir), context).toHaveLength(expectedVersions);
      }
    } finally {
      for (const child of pool) child.kill("SIGKILL");
    }
    expect(killedMidway, `seed ${seed}`).toBeGreaterThan(RUNS / 2);
    expect(resumedWithSavings, `seed ${seed}`).toBeGreaterThan(0);
    // nothing left behind but the versions (no staging, no lock)
    expect((await readdir(modelDir)).filter((n) => versionOfFolder(n) === undefined)).toEqual([]);
  }, 600_000);
});
