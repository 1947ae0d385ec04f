import { renderAutoscaler, renderDisruptionBudget } from "./autoscaling.js";
import { renderConfigMap, renderServiceAccount } from "./config-objects.js";
import { renderDeployment } from "./deployment.js";
import { type RenderPlan, planRender } from "./render-plan.js";
import { renderService } from "./service.js";
import type { KubeObject, RenderOptions } from "./types.js";

/**
 * The Kubernetes objects that serve a BigQuery ML model from gs:// with tensorflow/serving:
 * ServiceAccount (Workload Identity), ConfigMap (models.config, when needed), Deployment,
 * Service, HorizontalPodAutoscaler (when `hpa` is given) and PodDisruptionBudget, in apply order.
 * Throws INVALID_ARGUMENT for options Kubernetes or TF Serving would refuse.
 */
export function renderManifests(options: RenderOptions): KubeObject[] {
  return renderPlan(planRender(options));
}

/** Renders a checked plan; `rolloutLabels` go on the ConfigMap's and Deployment's metadata. */
export function renderPlan(plan: RenderPlan, rolloutLabels: Record<string, string> = {}): KubeObject[] {
  const objects = [
    renderServiceAccount(plan),
    renderConfigMap(plan, rolloutLabels),
    renderDeployment(plan, rolloutLabels),
    renderService(plan),
    renderAutoscaler(plan),
    renderDisruptionBudget(plan),
  ];
  return objects.filter((o): o is KubeObject => o !== undefined);
}
