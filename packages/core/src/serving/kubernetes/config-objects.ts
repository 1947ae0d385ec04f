import { configMapName } from "./deployment.js";
import { renderModelConfig } from "./model-config.js";
import { ANNOTATION_GCP_SERVICE_ACCOUNT, CONFIG_FILE, commonLabels } from "./names.js";
import type { RenderPlan } from "./render-plan.js";
import type { KubeObject } from "./types.js";

/** The ServiceAccount the pods run as, bound to a Google service account by Workload Identity. */
export function renderServiceAccount(plan: RenderPlan): KubeObject {
  const metadata: KubeObject["metadata"] = {
    name: plan.serviceAccount,
    namespace: plan.namespace,
    labels: commonLabels(plan.name, plan.model, plan.labels),
  };
  if (plan.gcpServiceAccount)
    metadata.annotations = { [ANNOTATION_GCP_SERVICE_ACCOUNT]: plan.gcpServiceAccount };
  return { apiVersion: "v1", kind: "ServiceAccount", metadata, automountServiceAccountToken: false };
}

/** The ConfigMap holding models.config, when TF Serving is driven by a config file. */
export function renderConfigMap(
  plan: RenderPlan,
  metadataLabels: Record<string, string> = {},
): KubeObject | undefined {
  if (!plan.useConfigFile) return undefined;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: configMapName(plan),
      namespace: plan.namespace,
      labels: { ...commonLabels(plan.name, plan.model, plan.labels), ...metadataLabels },
    },
    data: { [CONFIG_FILE]: renderModelConfig(plan.models) },
  };
}
