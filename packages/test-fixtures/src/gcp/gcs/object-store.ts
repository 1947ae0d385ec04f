import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { crc32c } from "@bqdeploy/core";

/** One stored object: its bytes live either in memory or in a local file (never both). */
export interface StoredObject {
  bucket: string;
  name: string;
  size: number;
  /** base64 of the big-endian CRC32C, as GCS reports it. */
  crc32c: string;
  /** base64 MD5. */
  md5Hash: string;
  generation: string;
  contentType: string;
  updated: string;
  source: { kind: "bytes"; bytes: Buffer } | { kind: "file"; path: string };
}

/** base64 of a CRC32C value written big-endian (GCS's `crc32c` field and `x-goog-hash`). */
export function crc32cBase64(value: number): string {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value >>> 0);
  return buf.toString("base64");
}

let generationCounter = Date.now() * 1000;

/** Buckets of objects, kept sorted by name on listing. */
export class ObjectStore {
  readonly buckets = new Map<string, Map<string, StoredObject>>();

  constructor(bucketNames: string[] = []) {
    for (const b of bucketNames) this.bucket(b, true);
  }

  bucket(name: string, create = false): Map<string, StoredObject> | undefined {
    let b = this.buckets.get(name);
    if (!b && create) {
      b = new Map();
      this.buckets.set(name, b);
    }
    return b;
  }

  get(bucket: string, name: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(name);
  }

  delete(bucket: string, name: string): boolean {
    return this.buckets.get(bucket)?.delete(name) ?? false;
  }

  /** Stores bytes under a name (creating the bucket), replacing any earlier object. */
  putBytes(
    bucket: string,
    name: string,
    bytes: Buffer,
    contentType = "application/octet-stream",
  ): StoredObject {
    const object: StoredObject = {
      bucket,
      name,
      size: bytes.length,
      crc32c: crc32cBase64(crc32c(bytes)),
      md5Hash: createHash("md5").update(bytes).digest("base64"),
      generation: String(++generationCounter),
      contentType,
      updated: new Date().toISOString(),
      source: { kind: "bytes", bytes },
    };
    this.bucket(bucket, true)!.set(name, object);
    return object;
  }

  /** Stores a local file by reference: hashes are computed by streaming it once. */
  async putFile(bucket: string, name: string, path: string): Promise<StoredObject> {
    const md5 = createHash("md5");
    let crc = 0;
    let size = 0;
    for await (const chunk of createReadStream(path)) {
      const buf = chunk as Buffer;
      crc = crc32c(buf, crc);
      md5.update(buf);
      size += buf.length;
    }
    const object: StoredObject = {
      bucket,
      name,
      size,
      crc32c: crc32cBase64(crc),
      md5Hash: md5.digest("base64"),
      generation: String(++generationCounter),
      contentType: "application/octet-stream",
      updated: new Date().toISOString(),
      source: { kind: "file", path },
    };
    this.bucket(bucket, true)!.set(name, object);
    return object;
  }

  /** Stores every file under `localDir` as `<prefix>/<relative path>`; returns the object names. */
  async putFolder(bucket: string, prefix: string, localDir: string): Promise<string[]> {
    const base = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    const names: string[] = [];
    for (const path of await listFiles(localDir)) {
      const name = base + relative(localDir, path).split(sep).join("/");
      await this.putFile(bucket, name, path);
      names.push(name);
    }
    return names;
  }

  /** The object's bytes as a stream (from memory without copying, or from its file). */
  open(object: StoredObject, highWaterMark = 256 * 1024): Readable | Buffer {
    return object.source.kind === "bytes"
      ? object.source.bytes
      : createReadStream(object.source.path, { highWaterMark });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else if (entry.isFile() || (await stat(path)).isFile()) out.push(path);
  }
  return out.sort();
}
