import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ObjectStore, StoredObject } from "./object-store.js";

/** How a media answer should misbehave, if at all. */
export interface MediaBehaviour {
  /** Serve different bytes ("bytes") or the right bytes with a wrong x-goog-hash ("hash"). */
  corrupt?: "bytes" | "hash";
  /** Cut the connection after about half the body. */
  resetMidBody?: boolean;
  /** Pause between body chunks. */
  chunkDelayMs?: number;
}

const CHUNK = 256 * 1024;

/** Streams an object's bytes with GCS's headers; large objects are never copied in memory. */
export async function sendMedia(
  res: ServerResponse,
  store: ObjectStore,
  object: StoredObject,
  behaviour: MediaBehaviour,
): Promise<void> {
  const hash =
    behaviour.corrupt === "hash"
      ? `crc32c=AAAAAA==,md5=${Buffer.alloc(16).toString("base64")}`
      : `crc32c=${object.crc32c},md5=${object.md5Hash}`;
  res.writeHead(200, {
    "content-type": object.contentType,
    "content-length": String(object.size),
    "x-goog-hash": hash,
    "x-goog-generation": object.generation,
    "x-goog-stored-content-encoding": "identity",
    "x-goog-stored-content-length": String(object.size),
    etag: object.generation,
  });
  const source = store.open(object, 1024 * 1024);
  if (Buffer.isBuffer(source) && !behaviour.resetMidBody && !behaviour.chunkDelayMs && !behaviour.corrupt) {
    // The common case in one write: the kernel does the chunking, the fake costs almost no CPU.
    res.end(source);
    return;
  }
  const cutAt = behaviour.resetMidBody ? Math.floor(object.size / 2) : Number.POSITIVE_INFINITY;
  let sent = 0;
  const chunks: AsyncIterable<Buffer> | Iterable<Buffer> = Buffer.isBuffer(source)
    ? sliceBuffer(source)
    : (source as AsyncIterable<Buffer>);
  try {
    for await (let chunk of chunks) {
      if (res.destroyed) return;
      if (sent + chunk.length > cutAt) {
        res.write(chunk.subarray(0, cutAt - sent));
        res.destroy();
        return;
      }
      if (behaviour.corrupt === "bytes" && sent === 0 && chunk.length > 0) {
        chunk = Buffer.from(chunk);
        chunk[0] = (chunk[0]! ^ 0xff) & 0xff;
      }
      sent += chunk.length;
      if (!res.write(chunk)) await drained(res);
      if (behaviour.chunkDelayMs) await sleep(behaviour.chunkDelayMs);
    }
    if (sent <= cutAt && behaviour.resetMidBody && object.size > 0) {
      res.destroy();
      return;
    }
    res.end();
  } finally {
    if (!Buffer.isBuffer(source)) source.destroy();
  }
}

function* sliceBuffer(bytes: Buffer): Iterable<Buffer> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
