import { rm } from "node:fs/promises";
import { join } from "node:path";
import { listFiles } from "../repository/manifest.js";

/**
 * Deletes files of a staging folder that the export does not list (a `.part` left by a killed run,
 * or a file from an older export under the same prefix), so the version holds exactly the export.
 * Returns the removed relative paths.
 */
export async function removeUnlisted(dir: string, listed: readonly string[]): Promise<string[]> {
  const keep = new Set(listed);
  const removed: string[] = [];
  for (const path of await listFiles(dir)) {
    if (keep.has(path)) continue;
    await rm(join(dir, ...path.split("/")), { force: true });
    removed.push(path);
  }
  return removed;
}
