import { createReadStream } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { crc32c } from "../checksum/index.js";
import { BqdeployError } from "../errors/index.js";
import { VERSION_SIDECAR } from "./names.js";

/** One file of a model version: its path relative to the version folder (with `/`), size and checksum. */
export interface VersionFile {
  path: string;
  size: number;
  /** CRC32C as Cloud Storage writes it: base64 of the big-endian 32-bit value. */
  crc32c?: string;
}

/** CRC32C of a file, in Cloud Storage's base64 form. */
export async function fileCrc32c(path: string): Promise<string> {
  let state = 0;
  for await (const chunk of createReadStream(path)) state = crc32c(chunk as Buffer, state);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(state >>> 0);
  return out.toString("base64");
}

/** Every regular file under `dir` (relative `/` paths, sorted), skipping bqdeploy's own sidecar. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(at: string, prefix: string): Promise<void> {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(at, entry.name), rel);
      else if (entry.isFile() && rel !== VERSION_SIDECAR) out.push(rel);
    }
  }
  await walk(dir, "");
  return out.sort();
}

/** The manifest of a folder as it is on disk, with sizes and CRC32C of every file. */
export async function buildManifest(dir: string): Promise<VersionFile[]> {
  const entries: VersionFile[] = [];
  for (const path of await listFiles(dir)) {
    const abs = join(dir, ...path.split("/"));
    const info = await lstat(abs);
    entries.push({ path, size: info.size, crc32c: await fileCrc32c(abs) });
  }
  return entries;
}

/** Resolves a manifest path inside `dir`, refusing anything that would leave it. */
export function manifestPath(dir: string, path: string): string {
  const target = resolve(dir, ...path.split("/"));
  const rel = relative(resolve(dir), target);
  if (
    !path ||
    path.includes("\0") ||
    path.includes("\\") ||
    isAbsolute(path) ||
    rel === "" ||
    rel.startsWith(`..${sep}`) ||
    rel === ".."
  ) {
    throw new BqdeployError(
      "UNSAFE_OBJECT_NAME",
      `Refusing manifest entry ${JSON.stringify(path)}: it points outside the version folder.`,
      {
        details: { path },
      },
    );
  }
  return target;
}

/**
 * Checks that every manifest file is present in `dir` with the right size, and the right CRC32C when
 * the entry has one. Throws VERSION_INCOMPLETE (missing or short file) or DOWNLOAD_CHECKSUM_MISMATCH.
 */
export async function verifyManifest(dir: string, entries: readonly VersionFile[]): Promise<void> {
  for (const entry of entries) {
    const abs = manifestPath(dir, entry.path);
    const info = await lstat(abs).catch(() => undefined);
    if (!info?.isFile()) {
      throw new BqdeployError(
        "VERSION_INCOMPLETE",
        `The export is incomplete: ${entry.path} is missing. Run the pull again to resume it.`,
        {
          details: { path: entry.path },
        },
      );
    }
    if (info.size !== entry.size) {
      throw new BqdeployError(
        "VERSION_INCOMPLETE",
        `The export is incomplete: ${entry.path} has ${info.size} bytes, expected ${entry.size}. Run the pull again to resume it.`,
        { details: { path: entry.path, size: info.size, expected: entry.size } },
      );
    }
    if (entry.crc32c !== undefined) {
      const actual = await fileCrc32c(abs);
      if (actual !== entry.crc32c) {
        throw new BqdeployError(
          "DOWNLOAD_CHECKSUM_MISMATCH",
          `${entry.path} is corrupt (crc32c ${actual}, expected ${entry.crc32c}). Delete the staging folder and pull again.`,
          { details: { path: entry.path, crc32c: actual, expected: entry.crc32c } },
        );
      }
    }
  }
}
