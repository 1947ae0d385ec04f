import * as z from "zod";
import { BqdeployError } from "../../errors/index.js";
import { DEFAULT_REST_PORT, DEFAULT_SERVING_IMAGE, kubeName } from "./names.js";
import type { VersionPolicy } from "../../repository/index.js";
import type { AutoscalingOptions, RenderOptions, ResourceOptions } from "./types.js";

/** One model of the plan, with its base path resolved. */
export interface PlannedModel {
  name: string;
  basePath: string;
  versionPolicy?: VersionPolicy;
  labels: Record<string, number>;
}

/** RenderOptions checked and completed with defaults: what the object renderers read. */
export interface RenderPlan {
  name: string;
  namespace: string;
  model: string;
  modelBasePath: string;
  image: string;
  replicas?: number;
  port: number;
  serviceAccount: string;
  gcpServiceAccount?: string;
  models: PlannedModel[];
  /** True when TF Serving reads models.config from the ConfigMap instead of --model_base_path. */
  useConfigFile: boolean;
  resources: Required<ResourceOptions>;
  hpa?: AutoscalingOptions;
  configPollSeconds: number;
  labels: Record<string, string>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const GCS_PATH = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](\/[^\s]*)?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/;
const versionNumber = z.int().positive();
const quantities = z.strictObject({
  cpu: z.string().regex(QUANTITY, "a Kubernetes quantity like 500m or 2").optional(),
  memory: z.string().regex(QUANTITY, "a Kubernetes quantity like 512Mi or 2Gi").optional(),
});
const gcsPath = z
  .string()
  .regex(
    GCS_PATH,
    "a gs://bucket/prefix path (pods read the model from Cloud Storage, not from this machine)",
  );

const schema = z.strictObject({
  model: z.string().max(200).regex(MODEL_NAME, "letters, digits, _ . - (a TF Serving model name)"),
  modelBasePath: gcsPath,
  name: z.string().max(52).regex(DNS_LABEL, "lower-case letters, digits and -").optional(),
  namespace: z.string().max(63).regex(DNS_LABEL, "lower-case letters, digits and -").optional(),
  replicas: z.int().min(1).max(1000).optional(),
  image: z
    .string()
    .regex(/^[^\s:@]+(:[\w.-]+|@sha256:[a-f0-9]{64})$/, "an image with a pinned tag")
    .optional(),
  serviceAccount: z.string().max(253).regex(DNS_LABEL).optional(),
  gcpServiceAccount: z
    .string()
    .regex(/^[a-z0-9-]+@[a-z0-9-]+\.iam\.gserviceaccount\.com$/, "NAME@PROJECT.iam.gserviceaccount.com")
    .optional(),
  models: z
    .array(
      z.strictObject({
        name: z.string().max(200).regex(MODEL_NAME),
        basePath: gcsPath.optional(),
        versionPolicy: z
          .union([
            z.strictObject({ kind: z.literal("latest"), numVersions: z.int().min(1).max(100) }),
            z.strictObject({ kind: z.literal("specific"), versions: z.array(versionNumber).min(1) }),
            z.strictObject({ kind: z.literal("all") }),
          ])
          .optional(),
        labels: z
          .record(z.string().regex(/^[a-zA-Z0-9_]+$/, "letters, digits and _"), versionNumber)
          .optional(),
      }),
    )
    .min(1)
    .optional(),
  resources: z.strictObject({ requests: quantities.optional(), limits: quantities.optional() }).optional(),
  hpa: z
    .strictObject({ min: z.int().min(1), max: z.int().min(1), cpuPercent: z.int().min(1).max(1000) })
    .refine((h) => h.min <= h.max, "hpa.min must not exceed hpa.max")
    .optional(),
  port: z
    .int()
    .min(1)
    .max(65535)
    .refine((p) => p !== 8500, "8500 is TF Serving's gRPC port")
    .optional(),
  configPollSeconds: z.int().min(1).max(3600).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/** Checks RenderOptions and fills the defaults; throws INVALID_ARGUMENT saying which option is wrong. */
export function planRender(options: RenderOptions): RenderPlan {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`);
    throw new BqdeployError("INVALID_ARGUMENT", `Invalid Kubernetes options: ${issues.join("; ")}`, {
      details: { issues },
    });
  }
  const o = parsed.data;
  if (o.hpa && o.replicas !== undefined) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      "Give either a fixed replica count or autoscaling bounds (hpa), not both: the autoscaler owns replicas.",
    );
  }
  const root = o.modelBasePath.replace(/\/+$/, "");
  const models = (o.models ?? [{ name: o.model }]).map((m) => planModel(m, root));
  const names = new Set(models.map((m) => m.name));
  if (names.size !== models.length) {
    throw new BqdeployError("INVALID_ARGUMENT", "Each model may appear only once in models.");
  }
  const name = o.name ?? kubeName(o.model);
  const simple = models.length === 1 && models[0]?.name === o.model && !models[0].versionPolicy;
  const plan: RenderPlan = {
    name,
    namespace: o.namespace ?? "default",
    model: o.model,
    modelBasePath: root,
    image: o.image ?? DEFAULT_SERVING_IMAGE,
    port: o.port ?? DEFAULT_REST_PORT,
    serviceAccount: o.serviceAccount ?? name,
    models,
    useConfigFile: !(simple && Object.keys(models[0]?.labels ?? {}).length === 0),
    resources: {
      requests: { cpu: "500m", memory: "1Gi", ...o.resources?.requests },
      limits: { cpu: "2", memory: "2Gi", ...o.resources?.limits },
    },
    configPollSeconds: o.configPollSeconds ?? 30,
    labels: o.labels ?? {},
  };
  if (!o.hpa) plan.replicas = o.replicas ?? 2;
  else plan.hpa = o.hpa;
  if (o.gcpServiceAccount) plan.gcpServiceAccount = o.gcpServiceAccount;
  return plan;
}

function planModel(
  m: {
    name: string;
    basePath?: string | undefined;
    versionPolicy?: VersionPolicy | undefined;
    labels?: Record<string, number> | undefined;
  },
  root: string,
): PlannedModel {
  const labels = m.labels ?? {};
  const labelled = [...new Set(Object.values(labels))].sort((a, b) => a - b);
  // A label may only name a served version: without a policy, serve exactly the labelled versions.
  let versionPolicy = m.versionPolicy;
  if (!versionPolicy && labelled.length > 0) versionPolicy = { kind: "specific", versions: labelled };
  if (versionPolicy?.kind === "specific") {
    const served = new Set(versionPolicy.versions);
    const missing = labelled.filter((v) => !served.has(v));
    if (missing.length > 0) {
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        `Model ${m.name}: labels point at version(s) ${missing.join(", ")} that the version policy does not serve; add them to the specific versions.`,
      );
    }
    versionPolicy = { kind: "specific", versions: [...served].sort((a, b) => a - b) };
  }
  const planned: PlannedModel = {
    name: m.name,
    basePath: m.basePath?.replace(/\/+$/, "") ?? `${root}/${m.name}`,
    labels,
  };
  if (versionPolicy) planned.versionPolicy = versionPolicy;
  return planned;
}
