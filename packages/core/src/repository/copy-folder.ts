import { chmod, copyFile, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../logging/index.js";

/**
 * Copies the regular files and folders of `from` into `to` (which may exist), making every copy
 * writable by its owner so the repository can later prune it. Symbolic links and other special
 * files are skipped with a warning: a model version must be self-contained.
 */
export async function copyFolder(from: string, to: string, logger: Logger): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) await copyFolder(source, target, logger);
    else if (entry.isFile()) {
      await copyFile(source, target);
      await chmod(target, 0o644);
    } else logger.warn("Skipping a file that is not a regular file", { path: source });
  }
}
