import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { assertModelName, assertVersion, RETIRED_PREFIX, STAGING_PREFIX, TRASH_PREFIX } from "./names.js";

/** Name of the repository-wide lock file (mutations of versions, labels and models.config). */
export const LOCK_FILE = ".bqdeploy.lock";
/** Name of TF Serving's model config file at the repository root. */
export const MODELS_CONFIG_FILE = "models.config";

/**
 * Where everything lives in a repository `<root>/<model>/<version>/`: pure path logic, no I/O.
 * Every model name is checked, so no path built here can leave the root.
 */
export class RepositoryLayout {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  modelDir(model: string): string {
    return join(this.root, assertModelName(model));
  }

  versionDir(model: string, version: number): string {
    return join(this.modelDir(model), String(assertVersion(version)));
  }

  stagingDir(model: string, id: string): string {
    return join(this.modelDir(model), `${STAGING_PREFIX}${id}`);
  }

  /** The lock a live pull holds on its staging folder (beside it, so the folder stays pure). */
  stagingLock(model: string, id: string): string {
    return `${this.stagingDir(model, id)}.lock`;
  }

  retiredDir(model: string, version: number, stamp: string): string {
    return join(this.modelDir(model), `${RETIRED_PREFIX}${assertVersion(version)}-${stamp}`);
  }

  trashDir(model: string, name: string): string {
    return join(this.modelDir(model), `${TRASH_PREFIX}${name}-${process.pid}-${Date.now()}`);
  }

  get lockFile(): string {
    return join(this.root, LOCK_FILE);
  }

  get modelsConfig(): string {
    return join(this.root, MODELS_CONFIG_FILE);
  }
}

/**
 * A staging id that is the same every time for one (model, key), e.g. key = the gs:// source, so a
 * pull that was interrupted finds its partial download again. Without a key the id is random.
 */
export function stagingId(model: string, key?: string): string {
  if (key === undefined) return `tmp${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return createHash("sha256").update(`${model}\n${key}`).digest("hex").slice(0, 16);
}
