import { BqdeployError } from "../../errors/index.js";
import { LABEL_CANARY_VERSION, LABEL_STABLE_VERSION } from "./names.js";
import { renderPlan } from "./render-manifests.js";
import { planRender } from "./render-plan.js";
import type { KubeObject, RenderOptions, ServedModelOptions } from "./types.js";

/** A canary rollout step: which version is stable and, optionally, which one is on trial. */
export interface RolloutOptions extends RenderOptions {
  stableVersion: number;
  canaryVersion?: number;
}

/**
 * The objects for one step of a version rollout without downtime. TF Serving keeps both versions
 * loaded (specific version policy) with the labels `stable` and `canary`
 * (`/v1/models/M/labels/canary:predict`); only the models.config ConfigMap and metadata labels
 * change between steps, never the pod template, so running pods pick the change up without a
 * restart. Typical steps: {stable: 1} -> {stable: 1, canary: 2} -> (check canary) -> {stable: 2}.
 * Promote only once the canary version is AVAILABLE (see k8sStatus).
 */
export function renderRollout(options: RolloutOptions): KubeObject[] {
  const { stableVersion, canaryVersion, ...render } = options;
  for (const [what, v] of [
    ["stableVersion", stableVersion],
    ["canaryVersion", canaryVersion],
  ] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 1)) {
      throw new BqdeployError("INVALID_ARGUMENT", `${what} must be a positive integer version, got ${v}.`);
    }
  }
  if (canaryVersion === stableVersion) {
    throw new BqdeployError("INVALID_ARGUMENT", "The canary version must differ from the stable version.");
  }
  const others = (render.models ?? []).filter((m) => m.name !== render.model);
  const current = render.models?.find((m) => m.name === render.model);
  const versions = canaryVersion === undefined ? [stableVersion] : [stableVersion, canaryVersion];
  const rolled: ServedModelOptions = {
    name: render.model,
    versionPolicy: { kind: "specific", versions },
    labels:
      canaryVersion === undefined
        ? { stable: stableVersion }
        : { stable: stableVersion, canary: canaryVersion },
  };
  if (current?.basePath) rolled.basePath = current.basePath;
  const plan = planRender({ ...render, models: [rolled, ...others] });
  const labels: Record<string, string> = { [LABEL_STABLE_VERSION]: String(stableVersion) };
  if (canaryVersion !== undefined) labels[LABEL_CANARY_VERSION] = String(canaryVersion);
  return renderPlan(plan, labels);
}
