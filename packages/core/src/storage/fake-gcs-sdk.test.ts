// The fake Cloud Storage must satisfy the real @google-cloud/storage client, over HTTP.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Storage } from "@google-cloud/storage";
import { type FakeGcs, startFakeGcs } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStorageClient } from "./storage-client.js";

let gcs: FakeGcs;
let dir: string;
let storage: Storage;
beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["b"] });
  dir = await mkdtemp(join(tmpdir(), "bqdeploy-gcs-sdk-"));
  storage = createStorageClient({ apiEndpoint: gcs.url, projectId: "test" });
});
afterAll(async () => {
  await gcs.close();
  await rm(dir, { recursive: true, force: true });
});

describe("fake GCS with the real Storage client", () => {
  it("accepts multipart and resumable uploads (file.save, bucket.upload) and serves them back validated", async () => {
    const small = Buffer.from("hello model");
    const big = randomBytes(3 * 1024 * 1024 + 5);
    await storage.bucket("b").file("up/small.txt").save(small, { resumable: false });
    await storage.bucket("b").file("up/big.bin").save(big, { resumable: true });
    await storage
      .bucket("b")
      .file("up/chunked.bin")
      .save(big, { resumable: true, chunkSize: 1024 * 1024 });
    const local = join(dir, "local.bin");
    await writeFile(local, big);
    await storage.bucket("b").upload(local, { destination: "up/uploaded.bin" });
    for (const [name, bytes] of [
      ["up/small.txt", small],
      ["up/big.bin", big],
      ["up/chunked.bin", big],
      ["up/uploaded.bin", big],
    ] as const) {
      const [downloaded] = await storage.bucket("b").file(name).download({ validation: "crc32c" });
      expect(downloaded.equals(bytes), name).toBe(true);
    }
    const [meta] = await storage.bucket("b").file("up/big.bin").getMetadata();
    expect(Number(meta.size)).toBe(big.length);
    expect(meta.crc32c).toBe(gcs.store.get("b", "up/big.bin")!.crc32c);
  });

  it("lists with prefix, delimiter and pagination", async () => {
    for (let i = 0; i < 25; i++) gcs.putObject("b", `list/dir${i % 3}/f${i}`, `${i}`);
    gcs.putObject("b", "list/top.txt", "top");
    const [all] = await storage.bucket("b").getFiles({ prefix: "list/", maxResults: 7 });
    expect(all).toHaveLength(7);
    const [everything] = await storage.bucket("b").getFiles({ prefix: "list/", autoPaginate: true });
    expect(everything).toHaveLength(26);
    const [files, , response] = await storage
      .bucket("b")
      .getFiles({ prefix: "list/", delimiter: "/", autoPaginate: false });
    expect(files.map((f) => f.name)).toEqual(["list/top.txt"]);
    expect((response as { prefixes?: string[] }).prefixes).toEqual([
      "list/dir0/",
      "list/dir1/",
      "list/dir2/",
    ]);
    const [page1, next] = await storage
      .bucket("b")
      .getFiles({ prefix: "list/", maxResults: 10, autoPaginate: false });
    expect(page1).toHaveLength(10);
    expect(next).toMatchObject({ pageToken: expect.any(String) });
  });

  it("answers 404 in Google's shape and lets the SDK detect a corrupted download", async () => {
    const missing = await storage
      .bucket("b")
      .file("nope")
      .download()
      .catch((e: unknown) => e);
    expect((missing as { code?: number }).code).toBe(404);
    gcs.putObject("b", "corrupt.bin", randomBytes(5000));
    gcs.corruptChecksum("corrupt.bin");
    const corrupt = await storage
      .bucket("b")
      .file("corrupt.bin")
      .download()
      .catch((e: unknown) => e);
    expect((corrupt as { code?: string }).code).toBe("CONTENT_DOWNLOAD_MISMATCH");
  });

  it("serves the SDK configured by STORAGE_EMULATOR_HOST (base URL used verbatim)", async () => {
    gcs.putObject("b", "env/x.txt", "via env");
    const saved = process.env.STORAGE_EMULATOR_HOST;
    process.env.STORAGE_EMULATOR_HOST = gcs.url;
    try {
      const viaEnv = new Storage({ projectId: "test" });
      const [files] = await viaEnv.bucket("b").getFiles({ prefix: "env/" });
      expect(files.map((f) => f.name)).toEqual(["env/x.txt"]);
      const [bytes] = await viaEnv.bucket("b").file("env/x.txt").download();
      expect(bytes.toString()).toBe("via env");
      await viaEnv.bucket("b").file("env/y.txt").save("uploaded via env", { resumable: false });
      expect(gcs.store.get("b", "env/y.txt")?.size).toBe(16);
    } finally {
      if (saved === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = saved;
    }
    expect(gcs.requests.some((r) => r.kind === "list" && r.bucket === "b")).toBe(true);
  });
});
