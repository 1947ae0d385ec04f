import { BqdeployError } from "../errors/index.js";

// Pure rules for the names that make up a TF Serving repository: no I/O here.

const MODEL_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/;
const LABEL_NAME = /^[a-zA-Z0-9_]+$/;
const VERSION_NAME = /^[0-9]+$/;

/** Prefix of staging folders: hidden, and not an integer, so TF Serving never loads them. */
export const STAGING_PREFIX = ".staging-";
/** Prefix of versions taken out of serving by a rollback (kept on disk until pruned). */
export const RETIRED_PREFIX = ".retired-";
/** Prefix of versions being deleted: renamed first so a half-deleted folder is never numeric. */
export const TRASH_PREFIX = ".trash-";
/** The sidecar inside a version folder that records where it came from. */
export const VERSION_SIDECAR = ".bqdeploy-version.json";

/**
 * Throws INVALID_ARGUMENT unless `name` is a safe model name: letters, digits, `_` and `-`, not starting
 * with `-`, at most 200 characters. This refuses `..`, `/`, `\`, NUL and hidden names, so a model folder
 * always stays inside the repository.
 */
export function assertModelName(name: string): string {
  if (typeof name !== "string" || !MODEL_NAME.test(name)) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Invalid model name ${JSON.stringify(name)}: use letters, digits, "_" and "-" (at most 200), e.g. tip_model.`,
      { details: { model: name } },
    );
  }
  return name;
}

/** Throws INVALID_ARGUMENT unless `label` matches TF Serving's label rule `[a-zA-Z0-9_]+`. */
export function assertLabelName(label: string): string {
  if (typeof label !== "string" || !LABEL_NAME.test(label)) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Invalid version label ${JSON.stringify(label)}: TF Serving labels match [a-zA-Z0-9_]+, e.g. stable or canary.`,
      { details: { label } },
    );
  }
  return label;
}

/** Throws INVALID_ARGUMENT unless `version` is a positive safe integer. */
export function assertVersion(version: number): number {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Invalid version ${version}: use a positive integer such as 1.`,
      {
        details: { version },
      },
    );
  }
  return version;
}

/**
 * The version number of a child folder name, or undefined when TF Serving would ignore it
 * (its whole name must be an integer: `1` counts, `v1`, `0.1` and `.staging-x` do not).
 */
export function versionOfFolder(name: string): number | undefined {
  if (!VERSION_NAME.test(name)) return undefined;
  const value = Number(name);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** The version a retired folder (`.retired-<version>-<stamp>`) once had, or undefined. */
export function versionOfRetired(name: string): number | undefined {
  if (!name.startsWith(RETIRED_PREFIX)) return undefined;
  const head = name.slice(RETIRED_PREFIX.length).split("-")[0] ?? "";
  return versionOfFolder(head);
}

/** The next version after the ones seen (1 when there are none). */
export function nextVersion(seen: Iterable<number>): number {
  let max = 0;
  for (const v of seen) if (v > max) max = v;
  return max + 1;
}

/** Parses a `label=version` assignment such as `stable=3`. */
export function parseLabelAssignment(text: string): { label: string; version: number } {
  const match = /^([^=]+)=([0-9]+)$/.exec(text.trim());
  if (!match) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Expected LABEL=VERSION (e.g. stable=3), got ${JSON.stringify(text)}.`,
    );
  }
  return { label: assertLabelName(match[1]!), version: assertVersion(Number(match[2])) };
}
