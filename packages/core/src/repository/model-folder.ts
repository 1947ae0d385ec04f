import { readdir, stat } from "node:fs/promises";
import { buildManifest } from "./manifest.js";
import { detectModelFiles } from "./model-files.js";
import { STAGING_PREFIX, versionOfFolder, versionOfRetired } from "./names.js";
import { readVersionMetadata, type VersionMetadata } from "./version-metadata.js";

/** What a model folder holds, by kind of child. */
export interface ModelFolderContents {
  /** Numeric version folders (what TF Serving serves), ascending. */
  versions: number[];
  /** Versions that a rollback took out of serving. */
  retired: { version: number; name: string }[];
  /** Staging folder names (`.staging-<id>`). */
  staging: string[];
}

/** Reads a model folder's children; an absent folder is empty. */
export async function readModelFolder(dir: string): Promise<ModelFolderContents> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return [];
    throw err;
  });
  const out: ModelFolderContents = { versions: [], retired: [], staging: [] };
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const version = versionOfFolder(entry.name);
    const retired = versionOfRetired(entry.name);
    if (version !== undefined) out.versions.push(version);
    else if (retired !== undefined) out.retired.push({ version: retired, name: entry.name });
    else if (entry.name.startsWith(STAGING_PREFIX)) out.staging.push(entry.name);
  }
  out.versions.sort((a, b) => a - b);
  return out;
}

/**
 * The metadata of a version folder: its sidecar when bqdeploy installed it, otherwise computed from
 * the files (a version copied in by hand); undefined when it holds no recognisable model.
 */
export async function describeVersionFolder(dir: string): Promise<VersionMetadata | undefined> {
  const recorded = await readVersionMetadata(dir);
  if (recorded) return recorded;
  const kind = await detectModelFiles(dir);
  if (!kind) return undefined;
  const files = await buildManifest(dir);
  const info = await stat(dir);
  return {
    installedAt: info.mtime.toISOString(),
    ...kind,
    sizeBytes: files.reduce((sum, f) => sum + f.size, 0),
    fileCount: files.length,
    files,
  };
}

/** Whether `dir` exists as a folder. */
export async function isFolder(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}
