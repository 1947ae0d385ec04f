import type { ModelConfigEntry, VersionPolicy } from "./models-config.js";

/**
 * The models.config entry for a model, from what is on disk and what the file said before (pure).
 * - Labels pointing at versions that no longer exist are dropped.
 * - TF Serving refuses a label on a version it has not loaded, so with labels the policy becomes
 *   `specific { labelled versions + the latest }` (unless it was `all`, which covers them).
 * - Without labels a user's `latest`/`all` policy is kept; otherwise TF Serving's default (latest 1).
 */
export function planModelConfig(
  name: string,
  versions: readonly number[],
  previous: ModelConfigEntry | undefined,
  basePathRoot: string,
): ModelConfigEntry {
  const present = new Set(versions);
  const versionLabels: Record<string, number> = {};
  for (const [label, version] of Object.entries(previous?.versionLabels ?? {})) {
    if (present.has(version)) versionLabels[label] = version;
  }
  const latest = versions.length ? Math.max(...versions) : undefined;
  const labelled = Object.values(versionLabels);
  let versionPolicy: VersionPolicy | undefined;
  const before = previous?.versionPolicy;
  if (labelled.length && before?.kind !== "all") {
    const wanted = new Set(labelled);
    if (latest !== undefined) wanted.add(latest);
    versionPolicy = { kind: "specific", versions: [...wanted].sort((a, b) => a - b) };
  } else if (before && before.kind !== "specific") {
    versionPolicy = before;
  }
  const entry: ModelConfigEntry = {
    name,
    basePath: previous?.basePath ?? `${basePathRoot.replace(/\/+$/, "")}/${name}`,
    modelPlatform: previous?.modelPlatform ?? "tensorflow",
    versionLabels,
  };
  if (versionPolicy) entry.versionPolicy = versionPolicy;
  return entry;
}
