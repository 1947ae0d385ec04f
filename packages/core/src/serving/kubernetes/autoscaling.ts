import { commonLabels, selectorLabels } from "./names.js";
import type { RenderPlan } from "./render-plan.js";
import type { KubeObject } from "./types.js";

/** An autoscaling/v2 HorizontalPodAutoscaler on CPU utilisation, targeting the Deployment. */
export function renderAutoscaler(plan: RenderPlan): KubeObject | undefined {
  if (!plan.hpa) return undefined;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: commonLabels(plan.name, plan.model, plan.labels),
    },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: plan.name },
      minReplicas: plan.hpa.min,
      maxReplicas: plan.hpa.max,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: plan.hpa.cpuPercent } },
        },
      ],
      // A model server takes a while to load: scale down slowly.
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    },
  };
}

/**
 * A PodDisruptionBudget letting node drains and upgrades evict one pod at a time. maxUnavailable
 * (not minAvailable) so that a single-replica deployment never blocks a drain forever.
 */
export function renderDisruptionBudget(plan: RenderPlan): KubeObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: commonLabels(plan.name, plan.model, plan.labels),
    },
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(plan.name) } },
  };
}
