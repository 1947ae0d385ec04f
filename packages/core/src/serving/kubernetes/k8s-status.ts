import type { KubeConfig } from "@kubernetes/client-node";
import { BqdeployError } from "../../errors/index.js";
import { connectKube } from "./kube-client.js";
import { loadKubeConfig } from "./kube-config.js";
import { statusOf, toKubeError } from "./kube-errors.js";
import { type ModelStateReport, parseModelStatus } from "./model-state.js";
import { DEFAULT_REST_PORT, kubeName } from "./names.js";

export interface K8sStatusOptions {
  namespace?: string;
  /** The Deployment/Service name when it is not the model's default name. */
  name?: string;
  /** The Service's REST port (default 8501). */
  port?: number;
  kubeconfig?: KubeConfig;
  signal?: AbortSignal;
}

/** A served model on Kubernetes: the Deployment's replicas and the model's state in TF Serving. */
export interface K8sStatus {
  model: string;
  namespace: string;
  deployment: string;
  image?: string;
  replicas: { desired: number; ready: number; updated: number; available: number; unavailable: number };
  /** True when the controller has seen the latest spec and every desired replica is updated and available. */
  rolledOut: boolean;
  modelState: ModelStateReport;
}

/**
 * Reads the Deployment's status and asks TF Serving for the model's state through the API server's
 * service proxy (/api/v1/namespaces/NS/services/NAME:PORT/proxy/v1/models/MODEL).
 */
export async function k8sStatus(model: string, options: K8sStatusOptions = {}): Promise<K8sStatus> {
  const namespace = options.namespace ?? "default";
  const name = options.name ?? kubeName(model);
  const port = options.port ?? DEFAULT_REST_PORT;
  const kc = options.kubeconfig ?? (await loadKubeConfig());
  const client = await connectKube(kc, options.signal);
  const site = {
    action: `reading Deployment ${name}`,
    server: client.server,
    context: client.context,
    namespace,
  };
  type Deployment = import("@kubernetes/client-node").V1Deployment;
  let deployment: Deployment;
  try {
    deployment = await client.objects.read<Deployment>({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace },
    });
  } catch (error) {
    const api = statusOf(error);
    if (api?.code === 404 && api.status.details?.kind !== "namespaces") {
      throw new BqdeployError(
        "KUBERNETES_FAILED",
        `No Deployment ${name} in namespace ${namespace}: deploy the model first (bqdeploy k8s apply ${model} --model-base-path gs://BUCKET/PREFIX --namespace ${namespace}).`,
        { cause: error, details: { status: 404 } },
      );
    }
    throw toKubeError(error, site);
  }
  const s = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const replicas = {
    desired,
    ready: s.readyReplicas ?? 0,
    updated: s.updatedReplicas ?? 0,
    available: s.availableReplicas ?? 0,
    unavailable: s.unavailableReplicas ?? 0,
  };
  const observed = (s.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const status: K8sStatus = {
    model,
    namespace,
    deployment: name,
    replicas,
    rolledOut:
      observed &&
      replicas.updated >= desired &&
      replicas.available >= desired &&
      (s.replicas ?? 0) <= desired,
    modelState: await modelState(client, namespace, name, port, model),
  };
  const image = deployment.spec?.template?.spec?.containers?.[0]?.image;
  if (image) status.image = image;
  return status;
}

async function modelState(
  client: Awaited<ReturnType<typeof connectKube>>,
  namespace: string,
  name: string,
  port: number,
  model: string,
): Promise<ModelStateReport> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}:${port}/proxy/v1/models/${encodeURIComponent(model)}`;
  try {
    const answer = await client.getRaw(path);
    if (answer.status === 401 || answer.status === 403) {
      return {
        reachable: false,
        state: "UNKNOWN",
        versions: [],
        error: `the API server refused the service proxy (HTTP ${answer.status})`,
      };
    }
    return parseModelStatus(answer.status, answer.body);
  } catch (error) {
    const failure = toKubeError(error, {
      action: "asking TF Serving for the model state",
      server: client.server,
      context: client.context,
    });
    if (failure.code === "CANCELLED") throw failure;
    return { reachable: false, state: "UNKNOWN", versions: [], error: failure.message };
  }
}
