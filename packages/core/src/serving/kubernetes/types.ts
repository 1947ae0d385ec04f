import type { VersionPolicy } from "../../repository/index.js";

/** One Kubernetes object as bqdeploy renders it: plain data, ready for YAML or server-side apply. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** One model served by the Deployment (an entry of TF Serving's models.config). */
export interface ServedModelOptions {
  /** TF Serving model name (the `{name}` of `/v1/models/{name}`). */
  name: string;
  /** gs:// folder holding `<version>/saved_model.pb`; defaults to `<modelBasePath>/<name>`. */
  basePath?: string;
  /** Which versions TF Serving keeps loaded (the repository's models.config policy type). */
  versionPolicy?: VersionPolicy;
  /** TF Serving version labels, e.g. `{stable: 1, canary: 2}` (`/v1/models/m/labels/canary`). */
  labels?: Record<string, number>;
}

/** CPU and memory in Kubernetes quantities ("500m", "1Gi"). */
export interface ResourceQuantities {
  cpu?: string;
  memory?: string;
}

export interface ResourceOptions {
  requests?: ResourceQuantities;
  limits?: ResourceQuantities;
}

/** HorizontalPodAutoscaler bounds; with it the Deployment leaves `replicas` to the autoscaler. */
export interface AutoscalingOptions {
  min: number;
  max: number;
  /** Target average CPU utilisation, in percent of the CPU request. */
  cpuPercent: number;
}

/** What `renderManifests` needs to describe a TF Serving deployment on Kubernetes. */
export interface RenderOptions {
  /** The model (its TF Serving name); also names the Kubernetes objects unless `name` is given. */
  model: string;
  /** The gs:// repository root holding `<model>/<version>/` folders, e.g. "gs://bucket/models". */
  modelBasePath: string;
  /** Name of the Deployment, Service, ... (DNS-1123); defaults to the model name in kebab-case. */
  name?: string;
  namespace?: string;
  /** Fixed replica count (default 2); not allowed together with `hpa`. */
  replicas?: number;
  /** A tensorflow/serving image with a pinned tag (default DEFAULT_SERVING_IMAGE). */
  image?: string;
  /** Kubernetes ServiceAccount the pods run as (default: the object name). */
  serviceAccount?: string;
  /** Google service account for Workload Identity (annotation iam.gke.io/gcp-service-account). */
  gcpServiceAccount?: string;
  /** Several models, version policies or labels: served through a models.config ConfigMap. */
  models?: ServedModelOptions[];
  resources?: ResourceOptions;
  hpa?: AutoscalingOptions;
  /** REST port (default 8501); gRPC stays on 8500. */
  port?: number;
  /** Seconds between TF Serving's re-reads of models.config (default 30). */
  configPollSeconds?: number;
  /** Extra labels for every object's metadata (not for selectors). */
  labels?: Record<string, string>;
}
