import type { Servable, ServableSource, VersionStatus } from "../../protocol/servable.js";
import { ServingError, invalidArgument } from "../../protocol/serving-error.js";

/** The model, version or label a request names (a ServingRoute without its verb). */
export interface ModelSpec {
  model: string;
  version?: number;
  label?: string;
}

/** A label's version, or TF Serving's error for an unknown label. */
export function versionForLabel(source: ServableSource, model: string, label: string): number {
  const labels = source.labels(model);
  const version = Object.hasOwn(labels, label) ? labels[label] : undefined;
  if (version === undefined) throw invalidArgument(`Unrecognized servable version label: ${label}`);
  return version;
}

/**
 * The servable a predict/classify/regress/metadata request runs on, like TF Serving's
 * ServerCore::GetServableHandle: a specific version, a label's version, or the latest AVAILABLE one.
 */
export function resolveServable(
  source: ServableSource,
  spec: ModelSpec,
): { version: number; servable: Servable } {
  const version = spec.label !== undefined ? versionForLabel(source, spec.model, spec.label) : spec.version;
  if (version !== undefined) {
    const servable = source.servable(spec.model, version);
    if (!servable)
      throw new ServingError(
        "NOT_FOUND",
        `Servable not found for request: Specific(${spec.model}, ${version})`,
      );
    return { version, servable };
  }
  let best: { version: number; servable: Servable } | undefined;
  for (const v of source.versions(spec.model) ?? []) {
    if (v.state !== "AVAILABLE" || (best && best.version > v.version)) continue;
    const servable = source.servable(spec.model, v.version);
    if (servable) best = { version: v.version, servable };
  }
  if (!best) throw new ServingError("NOT_FOUND", `Servable not found for request: Latest(${spec.model})`);
  return best;
}

/** The versions GET /v1/models/{name}[/versions/n | /labels/l] reports (get_model_status_impl.cc). */
export function statusVersions(source: ServableSource, spec: ModelSpec): VersionStatus[] {
  const versions = source.versions(spec.model);
  if (!versions || versions.length === 0) {
    throw new ServingError("NOT_FOUND", `Could not find any versions of model ${spec.model}`);
  }
  const version = spec.label !== undefined ? versionForLabel(source, spec.model, spec.label) : spec.version;
  if (version === undefined) return versions;
  const found = versions.filter((v) => v.version === version);
  if (found.length === 0)
    throw new ServingError("NOT_FOUND", `Could not find version ${version} of model ${spec.model}`);
  return found;
}
