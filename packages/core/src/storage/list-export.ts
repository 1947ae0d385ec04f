import type { Storage } from "@google-cloud/storage";
import type { GcsLocation } from "./gcs-uri.js";
import { type RetryPolicy, withRetries } from "./retry.js";
import { translateStorageError } from "./storage-errors.js";

/** One object of an export, as listed. */
export interface ExportObject {
  /** Full object name. */
  name: string;
  size: number;
  /** base64 big-endian CRC32C, when GCS reports one (composite objects have no MD5). */
  crc32c?: string;
  md5Hash?: string;
  generation?: string;
}

/** Lists every object under the location, page by page, each page retried on transient errors. */
export async function listExportObjects(
  storage: Storage,
  location: GcsLocation,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry?: (delayMs: number, error: unknown) => void,
): Promise<ExportObject[]> {
  const uri = `gs://${location.bucket}/${location.prefix}`;
  const bucket = storage.bucket(location.bucket);
  const objects: ExportObject[] = [];
  let pageToken: string | undefined;
  do {
    const page = await withRetries(
      async () => {
        try {
          const [files, next] = await bucket.getFiles({
            prefix: location.prefix,
            autoPaginate: false,
            maxResults: 1000,
            ...(pageToken ? { pageToken } : {}),
          });
          return { files, next: (next as { pageToken?: string } | null)?.pageToken };
        } catch (error) {
          throw translateStorageError(error, { verb: "list", uri });
        }
      },
      policy,
      signal,
      (_n, delay, error) => onRetry?.(delay, error),
    );
    for (const file of page.files) {
      const m = file.metadata;
      const object: ExportObject = { name: file.name, size: Number(m.size ?? 0) };
      if (typeof m.crc32c === "string") object.crc32c = m.crc32c;
      if (typeof m.md5Hash === "string") object.md5Hash = m.md5Hash;
      if (m.generation !== undefined) object.generation = String(m.generation);
      objects.push(object);
    }
    pageToken = page.next;
  } while (pageToken);
  return objects;
}
