import { createHash } from "node:crypto";

/** The tensorflow/serving image bqdeploy deploys unless told otherwise: a pinned tag, never `latest`. */
export const DEFAULT_SERVING_IMAGE = "tensorflow/serving:2.19.0";
/** The field manager bqdeploy's server-side applies use. */
export const FIELD_MANAGER = "bqdeploy";
export const GRPC_PORT = 8500;
export const DEFAULT_REST_PORT = 8501;
/** Where the models.config ConfigMap is mounted (read-only) in the TF Serving container. */
export const CONFIG_DIR = "/etc/bqdeploy";
export const CONFIG_FILE = "models.config";

export const LABEL_NAME = "app.kubernetes.io/name";
export const LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
export const LABEL_COMPONENT = "app.kubernetes.io/component";
export const LABEL_MODEL = "bqdeploy.dev/model";
export const LABEL_STABLE_VERSION = "bqdeploy.dev/stable-version";
export const LABEL_CANARY_VERSION = "bqdeploy.dev/canary-version";
export const ANNOTATION_GCP_SERVICE_ACCOUNT = "iam.gke.io/gcp-service-account";

const MAX_NAME = 52; // leaves room for "-config" and the ReplicaSet/Pod suffixes under 63

/**
 * A DNS-1123 object name from a model name: lower case, `_` and `.` become `-`
 * ("tip_model" -> "tip-model"). Long names are cut and suffixed with a short hash to stay unique.
 */
export function kubeName(model: string): string {
  const base = model
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = base === "" ? "model" : base;
  if (name.length <= MAX_NAME) return name;
  const hash = createHash("sha256").update(model).digest("hex").slice(0, 8);
  return `${name.slice(0, MAX_NAME - 9).replace(/-+$/, "")}-${hash}`;
}

/** The labels that select the pods of one bqdeploy deployment (immutable once created). */
export function selectorLabels(name: string): Record<string, string> {
  return { [LABEL_NAME]: name };
}

/** The labels every object of one bqdeploy deployment carries. */
export function commonLabels(
  name: string,
  model: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...extra,
    ...selectorLabels(name),
    [LABEL_COMPONENT]: "model-server",
    [LABEL_MANAGED_BY]: "bqdeploy",
    [LABEL_MODEL]: labelValue(model),
  };
}

/** A label value (<= 63 characters, alphanumeric at both ends). */
function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9_.-]/g, "-")
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}
