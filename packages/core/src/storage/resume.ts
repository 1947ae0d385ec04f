import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import { crc32c } from "../checksum/index.js";
import { crc32cToBase64 } from "./fetch-object.js";
import type { ExportObject } from "./list-export.js";

/** The CRC32C of a local file (base64, big-endian). */
export async function fileCrc32c(path: string): Promise<string> {
  let crc = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    crc = crc32c(chunk as Buffer, crc);
  }
  return crc32cToBase64(crc);
}

/** True when `path` already holds this object: same size and, when GCS gave one, same CRC32C. */
export async function alreadyComplete(path: string, object: ExportObject): Promise<string | undefined> {
  // lstat: a symbolic link is never taken for a complete file.
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size !== object.size) return undefined;
  const crc = await fileCrc32c(path);
  return object.crc32c === undefined || object.crc32c === crc ? crc : undefined;
}
