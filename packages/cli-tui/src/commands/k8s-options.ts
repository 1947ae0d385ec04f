import { resolve } from "node:path";
import {
  contextNamespace,
  type KubeObject,
  loadKubeConfig,
  type RenderOptions,
  renderManifests,
  renderRollout,
} from "@bqdeploy/core";
import { type CommandContext, type OptionDef, UsageError } from "../cli/command.js";

type KubeConfig = Awaited<ReturnType<typeof loadKubeConfig>>;

/** Flags that describe the deployment: shared by `k8s render` and `k8s apply`. */
export const K8S_RENDER_OPTIONS: Record<string, OptionDef> = {
  "model-base-path": {
    type: "string",
    value: "GS_URI",
    description: "gs://BUCKET/PREFIX holding MODEL/VERSION/ (required)",
  },
  namespace: {
    type: "string",
    value: "NS",
    description: "Kubernetes namespace (default: the context's, else default)",
  },
  replicas: { type: "string", value: "N", description: "Fixed number of pods (default 2)" },
  image: {
    type: "string",
    value: "IMAGE",
    description: "tensorflow/serving image with a pinned tag (default 2.19.0)",
  },
  name: {
    type: "string",
    value: "NAME",
    description: "Name of the Kubernetes objects (default: the model, kebab-case)",
  },
  "service-account": {
    type: "string",
    value: "NAME",
    description: "Kubernetes ServiceAccount (default: NAME)",
  },
  "gcp-service-account": {
    type: "string",
    value: "EMAIL",
    description: "Google service account for Workload Identity",
  },
  "hpa-min": { type: "string", value: "N", description: "Autoscale between --hpa-min and --hpa-max pods" },
  "hpa-max": { type: "string", value: "N", description: "Upper bound of the autoscaler" },
  "hpa-cpu": { type: "string", value: "PERCENT", description: "Target CPU utilisation (default 70)" },
  port: { type: "string", value: "PORT", description: "REST port (default 8501)" },
  "stable-version": { type: "string", value: "N", description: "Rollout: serve version N with label stable" },
  "canary-version": {
    type: "string",
    value: "N",
    description: "Rollout: also serve version N with label canary",
  },
};

/** Flags that pick the cluster: `k8s apply` and `k8s status`. */
export const K8S_CLUSTER_OPTIONS: Record<string, OptionDef> = {
  kubeconfig: {
    type: "string",
    value: "FILE",
    description: "kubeconfig file (default: $KUBECONFIG, ~/.kube/config)",
  },
  context: { type: "string", value: "NAME", description: "kubeconfig context (default: its current one)" },
};

function text(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === "string" ? value : undefined;
}

/** A positive integer flag, or a usage error naming it. */
export function intOption(ctx: CommandContext, name: string): number | undefined {
  const value = text(ctx, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${name} must be a positive integer, not "${value}"`);
  return Number(value);
}

/** The user's kubeconfig (--kubeconfig, --context), resolved against the working folder. */
export async function kubeConfigFor(ctx: CommandContext): Promise<KubeConfig> {
  const path = text(ctx, "kubeconfig");
  const context = text(ctx, "context");
  return loadKubeConfig({
    ...(path === undefined ? {} : { path: resolve(ctx.io.cwd, path) }),
    ...(context === undefined ? {} : { context }),
  });
}

/** --namespace, else the kubeconfig context's namespace, else "default". */
export function namespaceFor(ctx: CommandContext, kc?: KubeConfig): string {
  return text(ctx, "namespace") ?? (kc ? contextNamespace(kc) : undefined) ?? "default";
}

/** The objects the render flags describe (a rollout step when --stable-version is given). */
export function manifestsFor(ctx: CommandContext, namespace: string): KubeObject[] {
  const modelBasePath = text(ctx, "model-base-path");
  if (modelBasePath === undefined) throw new UsageError("--model-base-path gs://BUCKET/PREFIX is required");
  const options: RenderOptions = { model: ctx.positionals[0] ?? "", modelBasePath, namespace };
  const replicas = intOption(ctx, "replicas");
  const port = intOption(ctx, "port");
  const [min, max] = [intOption(ctx, "hpa-min"), intOption(ctx, "hpa-max")];
  if ((min === undefined) !== (max === undefined)) throw new UsageError("give both --hpa-min and --hpa-max");
  if (replicas !== undefined) options.replicas = replicas;
  if (port !== undefined) options.port = port;
  if (min !== undefined && max !== undefined)
    options.hpa = { min, max, cpuPercent: intOption(ctx, "hpa-cpu") ?? 70 };
  for (const [flag, key] of [
    ["image", "image"],
    ["name", "name"],
    ["service-account", "serviceAccount"],
    ["gcp-service-account", "gcpServiceAccount"],
  ] as const) {
    const value = text(ctx, flag);
    if (value !== undefined) options[key] = value;
  }
  const stableVersion = intOption(ctx, "stable-version");
  const canaryVersion = intOption(ctx, "canary-version");
  if (stableVersion === undefined) {
    if (canaryVersion !== undefined) throw new UsageError("--canary-version needs --stable-version");
    return renderManifests(options);
  }
  return renderRollout({
    ...options,
    stableVersion,
    ...(canaryVersion === undefined ? {} : { canaryVersion }),
  });
}
