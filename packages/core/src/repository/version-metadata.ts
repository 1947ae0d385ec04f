import { open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import * as z from "zod";
import type { VersionFile } from "./manifest.js";
import type { ModelType } from "./model-files.js";
import { VERSION_SIDECAR } from "./names.js";

/** What bqdeploy records about an installed version, in `<version>/.bqdeploy-version.json`. */
export interface VersionMetadata {
  /** Where the export came from, e.g. gs://bucket/tip_model or a local folder. */
  sourceUri?: string;
  /** When BigQuery exported it (ISO 8601), when known. */
  exportedAt?: string;
  /** When it became a version here (ISO 8601). */
  installedAt: string;
  modelType: ModelType;
  hasTransform: boolean;
  sizeBytes: number;
  fileCount: number;
  /** Every file with its size and CRC32C. */
  files: VersionFile[];
}

const manifestEntrySchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  crc32c: z.string().optional(),
});

const versionMetadataSchema = z.object({
  sourceUri: z.string().optional(),
  exportedAt: z.string().optional(),
  installedAt: z.string(),
  modelType: z.enum(["tf_saved_model", "xgboost_booster"]),
  hasTransform: z.boolean(),
  sizeBytes: z.number().int().nonnegative(),
  fileCount: z.number().int().nonnegative(),
  files: z.array(manifestEntrySchema),
});

/** Writes the sidecar into a (staging) folder and flushes it to disk before the folder is renamed. */
export async function writeVersionMetadata(dir: string, metadata: VersionMetadata): Promise<void> {
  const path = join(dir, VERSION_SIDECAR);
  const temp = `${path}.tmp`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(`${JSON.stringify(metadata, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** Reads a version's sidecar; undefined when it is absent or unreadable (a version copied in by hand). */
export async function readVersionMetadata(dir: string): Promise<VersionMetadata | undefined> {
  const text = await readFile(join(dir, VERSION_SIDECAR), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = versionMetadataSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as VersionMetadata) : undefined;
  } catch {
    return undefined;
  }
}
