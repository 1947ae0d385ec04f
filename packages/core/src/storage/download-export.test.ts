import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeGcs, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { downloadExport } from "./download-export.js";
import type { DownloadEvent } from "./download-types.js";

const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50 };

let gcs: FakeGcs;
let dir: string;
beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["exports"] });
});
afterAll(async () => {
  await gcs.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bqdeploy-dl-"));
  gcs.faults(undefined);
  gcs.slowBody(0);
  gcs.requests.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 120 files: small ones in nested folders, and three over 10 MB. */
function makeExport(prefix: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let i = 0; i < 117; i++)
    files.set(`${prefix}/assets/group${i % 7}/file-${i}.txt`, randomBytes(1 + ((i * 997) % 40_000)));
  for (let i = 0; i < 3; i++)
    files.set(
      `${prefix}/variables/variables.data-0000${i}-of-00003`,
      randomBytes(10 * 1024 * 1024 + 17 * i + 1),
    );
  for (const [name, bytes] of files) gcs.putObject("exports", name, bytes);
  return files;
}

async function expectIdentical(files: Map<string, Buffer>, prefix: string, to: string): Promise<void> {
  for (const [name, bytes] of files) {
    const local = await readFile(join(to, name.slice(prefix.length + 1)));
    expect(local.equals(bytes), name).toBe(true);
  }
}

describe("downloadExport against the fake GCS", () => {
  it("downloads a 120-file export byte-identically, with a manifest and progress events", async () => {
    const files = makeExport("big");
    const events: DownloadEvent[] = [];
    const to = join(dir, "staging");
    const manifest = await downloadExport({
      source: "gs://exports/big",
      to,
      apiEndpoint: gcs.url,
      onEvent: (e) => events.push(e),
    });
    expect(manifest.totalFiles).toBe(120);
    expect(manifest.totalBytes).toBe([...files.values()].reduce((s, b) => s + b.length, 0));
    await expectIdentical(files, "big", to);
    const stored = gcs.store.get("exports", "big/variables/variables.data-00000-of-00003")!;
    expect(manifest.files.find((f) => f.name === "variables/variables.data-00000-of-00003")).toMatchObject({
      size: stored.size,
      crc32c: stored.crc32c,
      md5: stored.md5Hash,
    });
    expect(events[0]).toMatchObject({ type: "download.listed", files: 120 });
    expect(events.at(-1)).toMatchObject({ type: "download.done", files: 120, skippedFiles: 0 });
    const last = events.filter((e) => e.type === "download.progress").at(-1);
    expect(last).toMatchObject({ filesDone: 120, bytesDone: manifest.totalBytes });
    expect((await readdir(to, { recursive: true })).some((f) => f.endsWith(".part"))).toBe(false);
  });

  it("follows every listing page", async () => {
    const paged = await startFakeGcs({ buckets: ["exports"], pageSize: 10 });
    try {
      for (let i = 0; i < 25; i++)
        paged.putObject("exports", `paged/f${String(i).padStart(2, "0")}`, `x${i}`);
      const manifest = await downloadExport({
        source: "gs://exports/paged/",
        to: dir,
        apiEndpoint: paged.url,
      });
      expect(manifest.totalFiles).toBe(25);
      expect(paged.requests.filter((r) => r.kind === "list")).toHaveLength(3);
      expect(await readFile(join(dir, "f24"), "utf8")).toBe("x24");
    } finally {
      await paged.close();
    }
  });

  it("completes with identical bytes under 30% injected 503, 429 and resets mid-body", async () => {
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 60; i++) files.set(`flaky/f-${i}.bin`, randomBytes(50_000 + i * 1000));
    files.set("flaky/large.bin", randomBytes(3 * 1024 * 1024));
    for (const [name, bytes] of files) gcs.putObject("exports", name, bytes);
    gcs.faults({ rate: 0.3, kinds: ["503", "429", "reset-mid-body"], seed: 7, scope: "all" });
    const events: DownloadEvent[] = [];
    const manifest = await downloadExport({
      source: "gs://exports/flaky",
      to: dir,
      apiEndpoint: gcs.url,
      retry: FAST_RETRY,
      onEvent: (e) => events.push(e),
    });
    expect(manifest.totalFiles).toBe(61);
    await expectIdentical(files, "flaky", dir);
    const faults = gcs.requests.filter((r) => r.fault);
    expect(new Set(faults.map((r) => r.fault))).toEqual(new Set(["503", "429", "reset-mid-body"]));
    expect(events.filter((e) => e.type === "download.retry").length).toBeGreaterThanOrEqual(
      faults.filter((r) => r.kind === "media").length,
    );
  });

  it("refuses a corrupted object, names it, and never reports it complete", async () => {
    gcs.putObject("exports", "bad/ok.txt", "fine");
    gcs.putObject("exports", "bad/variables/broken.bin", randomBytes(100_000));
    gcs.corruptChecksum("bad/variables/broken.bin");
    const events: DownloadEvent[] = [];
    const error = await downloadExport({
      source: "gs://exports/bad",
      to: dir,
      apiEndpoint: gcs.url,
      retry: FAST_RETRY,
      onEvent: (e) => events.push(e),
    }).catch((e: unknown) => e);
    expect(isBqdeployError(error) && error.code).toBe("DOWNLOAD_CHECKSUM_MISMATCH");
    expect((error as Error).message).toContain("gs://exports/bad/variables/broken.bin");
    expect(events.some((e) => e.type === "download.file-done" && e.name === "variables/broken.bin")).toBe(
      false,
    );
    expect(events.some((e) => e.type === "download.done")).toBe(false);
    await expect(stat(join(dir, "variables/broken.bin"))).rejects.toThrow();
    await expect(stat(join(dir, "variables/broken.bin.part"))).rejects.toThrow();
  });

  it("refuses a wrong x-goog-hash even when the bytes match the listing", async () => {
    gcs.putObject("exports", "badhash/x.bin", randomBytes(1000));
    gcs.corruptChecksum("badhash/x.bin", "hash");
    const error = await downloadExport({
      source: "gs://exports/badhash",
      to: dir,
      apiEndpoint: gcs.url,
    }).catch((e: unknown) => e);
    expect(isBqdeployError(error) && error.code).toBe("DOWNLOAD_CHECKSUM_MISMATCH");
  });

  it.each([["../x"], ["/etc/x"], ["a\\b"], ["a\u0000b"], ["a/../../x"]])(
    "refuses the hostile object name %j and writes nothing",
    async (hostile) => {
      const prefix = `hostile-${Math.random().toString(36).slice(2)}`;
      gcs.putObject("exports", `${prefix}/good.txt`, "good");
      gcs.putObject("exports", `${prefix}/${hostile}`, "evil");
      const to = join(dir, "inner", "staging");
      const error = await downloadExport({
        source: `gs://exports/${prefix}`,
        to,
        apiEndpoint: gcs.url,
      }).catch((e: unknown) => e);
      expect(isBqdeployError(error) && error.code).toBe("UNSAFE_OBJECT_NAME");
      expect((error as Error).message).toContain(JSON.stringify(`${prefix}/${hostile}`));
      expect(await readdir(dir, { recursive: true })).toEqual([]);
      expect(gcs.requests.some((r) => r.kind === "media")).toBe(false);
    },
  );

  it("resumes: complete files are skipped, damaged and partial ones downloaded again", async () => {
    const files = new Map<string, Buffer>();
    for (let i = 0; i < 10; i++) files.set(`resume/f${i}.bin`, randomBytes(20_000 + i));
    for (const [name, bytes] of files) gcs.putObject("exports", name, bytes);
    await downloadExport({ source: "gs://exports/resume", to: dir, apiEndpoint: gcs.url });
    await writeFile(join(dir, "f3.bin"), randomBytes(20_003)); // same size, wrong bytes
    await rm(join(dir, "f7.bin"));
    await writeFile(join(dir, "f7.bin.part"), "half");
    gcs.requests.length = 0;
    const manifest = await downloadExport({ source: "gs://exports/resume", to: dir, apiEndpoint: gcs.url });
    const fetched = gcs.requests
      .filter((r) => r.kind === "media")
      .map((r) => r.object)
      .sort();
    expect(fetched).toEqual(["resume/f3.bin", "resume/f7.bin"]);
    expect(manifest.skippedFiles).toBe(8);
    expect(manifest.downloadedBytes).toBe(20_003 + 20_007);
    await expectIdentical(files, "resume", dir);
    expect((await readdir(dir)).some((f) => f.endsWith(".part"))).toBe(false);
  });

  it("says NOT_FOUND for an empty prefix and a missing bucket", async () => {
    const empty = await downloadExport({
      source: "gs://exports/nothing-here",
      to: dir,
      apiEndpoint: gcs.url,
    }).catch((e: unknown) => e);
    expect(isBqdeployError(empty) && empty.code).toBe("NOT_FOUND");
    const missing = await downloadExport({ source: "gs://no-bucket/x", to: dir, apiEndpoint: gcs.url }).catch(
      (e: unknown) => e,
    );
    expect(isBqdeployError(missing) && missing.code).toBe("NOT_FOUND");
  });

  it("stops when cancelled", async () => {
    gcs.putObject("exports", "slow/a.bin", randomBytes(2 * 1024 * 1024));
    gcs.slowBody(50);
    const controller = new AbortController();
    const error = await downloadExport({
      source: "gs://exports/slow",
      to: dir,
      apiEndpoint: gcs.url,
      signal: controller.signal,
      progressIntervalMs: 0,
      // Cancel once bytes are flowing: mid-body.
      onEvent: (e) => {
        if (e.type === "download.progress" && e.bytesDone > 0) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(isBqdeployError(error) && error.code).toBe("CANCELLED");
    await expect(stat(join(dir, "a.bin"))).rejects.toThrow();
  });
});

describe("downloadExport and symbolic links", () => {
  it("never writes through a symbolic link planted in the target", async () => {
    const { symlink, mkdir } = await import("node:fs/promises");
    const outside = join(dir, "outside");
    const to = join(dir, "target");
    await mkdir(outside, { recursive: true });
    await mkdir(to, { recursive: true });
    await symlink(outside, join(to, "variables"));
    gcs.putObject("exports", "linked/variables/v.bin", "secret");
    const error = await downloadExport({ source: "gs://exports/linked", to, apiEndpoint: gcs.url }).catch(
      (e: unknown) => e,
    );
    expect(isBqdeployError(error) && error.code).toBe("UNSAFE_OBJECT_NAME");
    expect(await readdir(outside)).toEqual([]);
  });
});
