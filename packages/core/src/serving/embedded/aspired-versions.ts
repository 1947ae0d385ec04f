/** A version policy as TF Serving's model_version_policy states it (default: latest 1). */
export type ServingVersionPolicy =
  | { kind: "latest"; numVersions: number }
  | { kind: "all" }
  | { kind: "specific"; versions: number[] };

/**
 * Which on-disk versions the server should load, by policy (pure). Labelled versions are always
 * aspired, since a label may only point at a loaded version.
 */
export function aspiredVersions(
  onDisk: readonly number[],
  policy: ServingVersionPolicy = { kind: "latest", numVersions: 1 },
  labelled: readonly number[] = [],
): number[] {
  const sorted = [...new Set(onDisk)].sort((a, b) => b - a);
  let wanted: number[];
  if (policy.kind === "all") wanted = sorted;
  else if (policy.kind === "specific") wanted = sorted.filter((v) => policy.versions.includes(v));
  else wanted = sorted.slice(0, Math.max(1, policy.numVersions));
  const present = new Set(sorted);
  for (const v of labelled) if (present.has(v) && !wanted.includes(v)) wanted.push(v);
  return wanted.sort((a, b) => b - a);
}

/**
 * Which loaded versions may be unloaded (pure). Availability-preserving, as TF Serving: a version that
 * is no longer aspired stays while an aspired replacement is still loading or failed to load, so a
 * broken new version never takes the model down.
 */
export function versionsToUnload(
  available: readonly number[],
  aspired: readonly number[],
  aspiredAvailable: readonly number[],
  onDisk: readonly number[],
): number[] {
  const disk = new Set(onDisk);
  const wantedCount = aspired.length;
  const replacementsReady = aspiredAvailable.length >= Math.min(1, wantedCount);
  return available.filter((v) => !aspired.includes(v) && (!disk.has(v) || replacementsReady));
}
