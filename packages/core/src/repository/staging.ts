import { mkdir, readdir, rename, rm, stat, utimes } from "node:fs/promises";
import { join } from "node:path";
import { acquireLock, type HeldLock, isDeadLockTemp } from "./lock-file.js";
import { STAGING_PREFIX, TRASH_PREFIX } from "./names.js";

/**
 * A hidden folder beside a model's versions where an export is assembled before it becomes a version.
 * TF Serving ignores it (its name is not an integer). Held by this process through a lock file beside it.
 */
export interface Staging {
  readonly model: string;
  readonly id: string;
  readonly path: string;
  /** True when the folder already existed: an interrupted pull is being resumed. */
  readonly resumed: boolean;
  /** Releases the staging lock; the folder stays (for a later resume) unless it was installed. */
  release(): Promise<void>;
}

/** Creates (or reopens) a staging folder and marks it as fresh for stale-staging cleanup. */
export async function openStagingFolder(path: string): Promise<boolean> {
  const existed = (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
  await mkdir(path, { recursive: true });
  const now = new Date();
  await utimes(path, now, now);
  return existed;
}

/** Wraps a created staging folder and its lock. */
export function stagingHandle(
  model: string,
  id: string,
  path: string,
  resumed: boolean,
  lock: HeldLock,
): Staging {
  return { model, id, path, resumed, release: () => lock.release() };
}

/** Deletes a folder by first renaming it to a `.trash-` name, so no half-deleted folder keeps its name. */
export async function removeFolder(dir: string, trashPath: string): Promise<void> {
  try {
    await rename(dir, trashPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  await rm(trashPath, { recursive: true, force: true });
}

/**
 * Removes staging folders of a model folder that are older than `olderThanMs` and not held by a live
 * process, plus any `.trash-` leftovers of an interrupted delete. Returns the removed names.
 */
export async function cleanStagingFolders(modelDir: string, olderThanMs: number): Promise<string[]> {
  const removed: string[] = [];
  const entries = await readdir(modelDir, { withFileTypes: true }).catch(() => []);
  const cutoff = Date.now() - olderThanMs;
  for (const entry of entries) {
    const path = join(modelDir, entry.name);
    if (entry.isDirectory() && entry.name.startsWith(TRASH_PREFIX)) {
      await rm(path, { recursive: true, force: true });
      removed.push(entry.name);
      continue;
    }
    if (entry.isFile() && isDeadLockTemp(entry.name)) {
      await rm(path, { force: true });
      continue;
    }
    if (!entry.isDirectory() || !entry.name.startsWith(STAGING_PREFIX)) continue;
    const info = await stat(path).catch(() => undefined);
    if (!info || info.mtimeMs > cutoff) continue;
    // Holding the staging lock while deleting means no pull can be resuming into it meanwhile.
    const lock = await acquireLock(`${path}.lock`, { purpose: "clean a stale staging folder" }).catch(
      () => undefined,
    );
    if (!lock) continue;
    try {
      await removeFolder(path, join(modelDir, `${TRASH_PREFIX}${entry.name.slice(1)}-${process.pid}`));
    } finally {
      await lock.release();
    }
    removed.push(entry.name);
  }
  return removed;
}
