import { rename } from "node:fs/promises";
import { BqdeployError } from "../errors/index.js";
import type { RepositoryLayout } from "./layout.js";
import { readModelFolder } from "./model-folder.js";

/** What a rollback did: version `from` left serving, `to` is now the latest. */
export interface RollbackResult {
  model: string;
  from: number;
  to: number;
  /** Where the retired version now lives (a hidden folder TF Serving ignores). */
  retiredPath: string;
}

/**
 * Which versions a prune removes (pure): all but the newest `keep`, never a labelled one.
 * Both lists ascending.
 */
export function selectPrunable(
  versions: readonly number[],
  labelled: readonly number[],
  keep: number,
): { removed: number[]; kept: number[] } {
  const sorted = [...versions].sort((a, b) => a - b);
  const newest = new Set(sorted.slice(Math.max(0, sorted.length - keep)));
  const pinned = new Set(labelled);
  const removed = sorted.filter((v) => !newest.has(v) && !pinned.has(v));
  return { removed, kept: sorted.filter((v) => !removed.includes(v)) };
}

/** Renames the newest version of a model out of serving (call with the repository lock held). */
export async function retireLatest(layout: RepositoryLayout, model: string): Promise<RollbackResult> {
  const { versions } = await readModelFolder(layout.modelDir(model));
  const from = versions.at(-1);
  const to = versions.at(-2);
  if (from === undefined || to === undefined) {
    throw new BqdeployError(
      "FAILED_PRECONDITION",
      `Cannot roll back ${model}: it has ${from === undefined ? "no versions" : `only version ${from}`}; there is no earlier version to serve.`,
      { details: { model, versions } },
    );
  }
  const stamp = new Date().toISOString().replace(/[-:.]/g, "").replace("T", "").slice(0, 14);
  const retiredPath = layout.retiredDir(model, from, stamp);
  await rename(layout.versionDir(model, from), retiredPath);
  return { model, from, to, retiredPath };
}
