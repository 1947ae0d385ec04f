// Kubernetes: manifests for tensorflow/serving reading models from gs://, server-side apply, status.
export { applyManifests } from "./apply-manifests.js";
export type { AppliedObject, ApplyOptions } from "./apply-manifests.js";
export { k8sStatus } from "./k8s-status.js";
export type { K8sStatus, K8sStatusOptions } from "./k8s-status.js";
export { contextNamespace, loadKubeConfig } from "./kube-config.js";
export type { KubeConfigOptions } from "./kube-config.js";
export { parseModelStatus } from "./model-state.js";
export type { ModelStateReport, ServedVersion } from "./model-state.js";
export {
  ANNOTATION_GCP_SERVICE_ACCOUNT,
  DEFAULT_REST_PORT,
  DEFAULT_SERVING_IMAGE,
  FIELD_MANAGER,
  kubeName,
  LABEL_MANAGED_BY,
  LABEL_NAME,
} from "./names.js";
export { readinessProbeScript } from "./readiness-probe.js";
export { renderManifests } from "./render-manifests.js";
export { renderRollout } from "./render-rollout.js";
export type { RolloutOptions } from "./render-rollout.js";
export { toYaml } from "./to-yaml.js";
export type {
  AutoscalingOptions,
  KubeObject,
  RenderOptions,
  ResourceOptions,
  ResourceQuantities,
  ServedModelOptions,
} from "./types.js";
