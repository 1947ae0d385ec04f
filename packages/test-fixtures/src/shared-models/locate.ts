import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("bqdeploy: cannot find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/**
 * Where ../shared/models is: $BQDEPLOY_SHARED_MODELS, else `<repo>/../shared/models`.
 * Undefined when absent (tests then skip visibly, except under CI where they must run).
 */
export function sharedModelsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.BQDEPLOY_SHARED_MODELS
    ? resolve(env.BQDEPLOY_SHARED_MODELS)
    : resolve(repoRoot(), "..", "shared", "models");
  return existsSync(join(candidate, "expected.json")) ? candidate : undefined;
}

/** The path of one shared model folder, e.g. sharedModel("tip_model/tf2.21"). Throws when absent. */
export function sharedModel(relative: string): string {
  const base = sharedModelsDir();
  if (!base) throw new Error(`../shared/models is not present; cannot read ${relative}`);
  return join(base, relative);
}

/** ../shared/models/expected.json, parsed (undefined when absent). */
export function sharedExpectations(): unknown {
  const base = sharedModelsDir();
  return base ? JSON.parse(readFileSync(join(base, "expected.json"), "utf8")) : undefined;
}

/**
 * Whether tests needing ../shared/models should run. When the folder is missing: under CI this throws
 * (such tests must run there); elsewhere it prints a visible skip notice and returns false.
 * Use as `describe.runIf(haveSharedModels("engine golden values"))(...)`.
 */
export function haveSharedModels(what: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (sharedModelsDir(env)) return true;
  if (env.CI) throw new Error(`CI is set but ../shared/models is missing: "${what}" must run in CI`);
  process.stderr.write(`SKIPPED: ${what}: ../shared/models not found (set BQDEPLOY_SHARED_MODELS)\n`);
  return false;
}
