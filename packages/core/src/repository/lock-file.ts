import { link, open, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { BqdeployError } from "../errors/index.js";

/** Who holds a lock: written into the lock file. */
export interface LockOwner {
  pid: number;
  hostname: string;
  createdAt: string;
  purpose: string;
}

export interface LockOptions {
  /** What the lock protects, for the error message ("install tip_model", "pull into staging ..."). */
  purpose: string;
  /** How long to wait for a live holder before REPOSITORY_LOCKED (default 0: fail at once). */
  waitMs?: number;
  signal?: AbortSignal;
}

/** A held lock; `release()` removes the file (only if it is still ours). */
export interface HeldLock {
  readonly path: string;
  release(): Promise<void>;
}

/** A lock file whose content cannot be read is stale after this long (its writer died mid-write). */
const UNREADABLE_STALE_MS = 10_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Reads a lock file's owner; undefined when it is gone or unreadable. */
export async function readLockOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, "utf8")) as LockOwner;
    return typeof owner.pid === "number" ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a lock file is stale: its process on this machine is gone, or it has been unreadable for a
 * while. A lock from another host is never judged stale (its pid means nothing here).
 */
export async function isLockStale(path: string): Promise<boolean> {
  const owner = await readLockOwner(path);
  if (owner) return owner.hostname === hostname() && !processAlive(owner.pid);
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > UNREADABLE_STALE_MS;
}

/**
 * Creates the lock file with its content in one step: the owner is written to a private temporary file
 * that is then hard-linked to the lock path (link fails if the lock exists). A process killed at any
 * moment thus never leaves an empty lock file behind, only at worst its temporary file.
 */
async function tryCreate(path: string, owner: LockOwner): Promise<boolean> {
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/** True for `<lock>.<pid>.tmp` files left by a process that died while taking a lock. */
export function isDeadLockTemp(name: string): boolean {
  const match = /\.lock\.([0-9]+)\.tmp$/.exec(name);
  return match !== null && !processAlive(Number(match[1]));
}

/** Removes `<lock>.<pid>.tmp` files of dead processes beside a lock we now hold. */
async function removeDeadTemps(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && isDeadLockTemp(name))
      await unlink(join(dirname(path), name)).catch(() => {});
  }
}

/** Moves a stale lock aside atomically; if another process replaced it meanwhile, puts that one back. */
async function breakStaleLock(path: string, seen: string | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else broke it first
  }
  const taken = await readFile(aside, "utf8").catch(() => undefined);
  if (seen !== undefined && taken !== seen) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

/**
 * Takes a lock file with O_EXCL, recording this process's pid. A stale lock (dead pid on this host) is
 * broken and taken over. A live one is waited for up to `waitMs`, then REPOSITORY_LOCKED names its owner.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    createdAt: new Date().toISOString(),
    purpose: options.purpose,
  };
  const mine = JSON.stringify(owner);
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    options.signal?.throwIfAborted();
    if (await tryCreate(path, owner)) break;
    const seen = await readFile(path, "utf8").catch(() => undefined);
    if (await isLockStale(path)) {
      await breakStaleLock(path, seen);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = await readLockOwner(path);
      const who = holder
        ? `process ${holder.pid} on ${holder.hostname} (${holder.purpose}, since ${holder.createdAt})`
        : "another process";
      throw new BqdeployError(
        "REPOSITORY_LOCKED",
        `Cannot ${options.purpose}: ${who} holds ${path}. Wait for it to finish; if no bqdeploy process is running, delete that file.`,
        { details: { lockFile: path, holder } },
      );
    }
    await sleep(25 + Math.random() * 25);
  }
  await removeDeadTemps(path);
  return {
    path,
    async release() {
      if ((await readFile(path, "utf8").catch(() => undefined)) === mine) await unlink(path).catch(() => {});
    },
  };
}
