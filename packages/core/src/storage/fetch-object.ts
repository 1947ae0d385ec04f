import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { crc32c } from "../checksum/index.js";
import type { Dispatcher } from "undici";
import { BqdeployError } from "../errors/index.js";
import type { ExportObject } from "./list-export.js";
import { translateStorageError } from "./storage-errors.js";

/** Objects up to this size are received in memory and written in one call. */
const BUFFERED_LIMIT = 4 * 1024 * 1024;

/** Where media downloads go and how they are authorised. */
export interface MediaEndpoint {
  dispatcher: Dispatcher;
  /** `<endpoint>/storage/v1`. */
  baseUrl: string;
  /** Extra headers per request (an OAuth bearer token against real GCS; none against a fake). */
  headers: (url: string) => Promise<Record<string, string>>;
}

/** base64 of a CRC32C written big-endian, as GCS reports it. */
export function crc32cToBase64(value: number): string {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value >>> 0);
  return buf.toString("base64");
}

/** The `crc32c=` value of an `x-goog-hash` header, if any. */
export function headerCrc32c(header: string | string[] | undefined): string | undefined {
  const values = Array.isArray(header) ? header : header ? [header] : [];
  for (const value of values.flatMap((v) => v.split(","))) {
    const eq = value.indexOf("=");
    if (value.slice(0, eq).trim() === "crc32c") return value.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Downloads one object's media into `partPath` (overwriting it), computing its CRC32C on the way, and
 * checks size and checksum against the listing and the response's `x-goog-hash`. Returns the CRC32C.
 * A cut body or a wrong size is transient (retried); a checksum mismatch is DOWNLOAD_CHECKSUM_MISMATCH.
 */
export async function fetchObject(
  endpoint: MediaEndpoint,
  bucket: string,
  object: ExportObject,
  partPath: string,
  signal: AbortSignal,
  onBytes: (count: number) => void,
): Promise<string> {
  const uri = `gs://${bucket}/${object.name}`;
  const generation = object.generation ? `&generation=${encodeURIComponent(object.generation)}` : "";
  const url = `${endpoint.baseUrl}/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(object.name)}?alt=media${generation}`;
  let counted = 0;
  const { request } = await import("../client/undici.js");
  try {
    const response = await request(url, {
      dispatcher: endpoint.dispatcher,
      signal,
      headers: { "accept-encoding": "identity", ...(await endpoint.headers(url)) },
    });
    if (response.statusCode !== 200) {
      const text = (await response.body.text().catch(() => "")).slice(0, 500);
      throw translateStorageError(
        new Error(googleMessage(text) ?? `HTTP ${response.statusCode}`),
        { verb: "download", uri },
        response.statusCode,
      );
    }
    const served = headerCrc32c(response.headers["x-goog-hash"]);
    let crc = 0;
    const count = (chunk: Buffer): void => {
      crc = crc32c(chunk, crc);
      counted += chunk.length;
      onBytes(chunk.length);
    };
    if (object.size <= BUFFERED_LIMIT) {
      // Small objects: one write instead of one per network chunk.
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) {
        count(chunk as Buffer);
        chunks.push(chunk as Buffer);
      }
      await writeFile(partPath, Buffer.concat(chunks), { signal });
    } else {
      await pipeline(
        response.body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            count(chunk);
            yield chunk;
          }
        },
        createWriteStream(partPath, { highWaterMark: 1024 * 1024 }),
        { signal },
      );
    }
    if (counted !== object.size) {
      throw new BqdeployError("DOWNLOAD_FAILED", `${uri}: got ${counted} of ${object.size} bytes`, {
        details: { object: object.name, transient: true },
      });
    }
    const actual = crc32cToBase64(crc);
    for (const expected of [object.crc32c, served]) {
      if (expected !== undefined && expected !== actual) {
        throw new BqdeployError(
          "DOWNLOAD_CHECKSUM_MISMATCH",
          `Object ${uri} failed its CRC32C check (expected ${expected}, got ${actual}); it was not kept. Run the download again; if it fails again the object is damaged in the bucket: export the model again.`,
          { details: { object: object.name, expected, actual } },
        );
      }
    }
    return actual;
  } catch (error) {
    onBytes(-counted);
    throw translateStorageError(error, { verb: "download", uri });
  }
}

function googleMessage(text: string): string | undefined {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } };
    return parsed.error?.message;
  } catch {
    return text || undefined;
  }
}
