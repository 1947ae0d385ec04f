import { CONFIG_DIR, CONFIG_FILE, commonLabels, GRPC_PORT, selectorLabels } from "./names.js";
import { readinessProbeScript } from "./readiness-probe.js";
import type { RenderPlan } from "./render-plan.js";
import type { KubeObject } from "./types.js";

const CONTAINER = "tensorflow-serving";

/** The name of the ConfigMap holding models.config. */
export function configMapName(plan: RenderPlan): string {
  return `${plan.name}-config`;
}

/** tensorflow_model_server's flags: one model by base path, or models.config polled for changes. */
export function servingArgs(plan: RenderPlan): string[] {
  const args = [`--port=${GRPC_PORT}`, `--rest_api_port=${plan.port}`];
  const model = plan.models[0];
  if (!plan.useConfigFile && model) {
    args.push(`--model_name=${model.name}`, `--model_base_path=${model.basePath}`);
    return args;
  }
  args.push(
    `--model_config_file=${CONFIG_DIR}/${CONFIG_FILE}`,
    `--model_config_file_poll_wait_seconds=${plan.configPollSeconds}`,
  );
  // A new label (canary) may be assigned while its version is still loading; without this flag the
  // whole reloaded config would be refused until the version is AVAILABLE.
  if (plan.models.some((m) => Object.keys(m.labels).length > 0)) {
    args.push("--allow_version_labels_for_unavailable_models=true");
  }
  return args;
}

/**
 * The Deployment of tensorflow/serving. Model versions change through models.config (a ConfigMap,
 * re-read by TF Serving), never through the pod template, so a rollout of a new version does not
 * restart pods; image or flag changes roll pods one at a time (maxUnavailable 0, maxSurge 1).
 */
export function renderDeployment(plan: RenderPlan, metadataLabels: Record<string, string> = {}): KubeObject {
  const labels = commonLabels(plan.name, plan.model, plan.labels);
  const container: Record<string, unknown> = {
    name: CONTAINER,
    image: plan.image,
    command: ["tensorflow_model_server"],
    args: servingArgs(plan),
    ports: [
      { name: "grpc", containerPort: GRPC_PORT, protocol: "TCP" },
      { name: "http", containerPort: plan.port, protocol: "TCP" },
    ],
    resources: plan.resources,
    // TF Serving opens its ports only after the first load from gs://: give it up to 10 minutes.
    startupProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, failureThreshold: 60 },
    livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    readinessProbe: {
      exec: {
        command: [
          "/bin/bash",
          "-c",
          readinessProbeScript(
            plan.models.map((m) => m.name),
            plan.port,
          ),
        ],
      },
      periodSeconds: 5,
      timeoutSeconds: 5,
      successThreshold: 1,
      failureThreshold: 3,
    },
    // Let endpoints drop this pod before the server stops taking requests.
    lifecycle: { preStop: { exec: { command: ["/bin/bash", "-c", "sleep 5"] } } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
  };
  const podSpec: Record<string, unknown> = {
    serviceAccountName: plan.serviceAccount,
    // TF Serving never calls the Kubernetes API; Workload Identity needs no mounted token.
    automountServiceAccountToken: false,
    terminationGracePeriodSeconds: 30,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [container],
  };
  if (plan.useConfigFile) {
    // The whole folder is mounted (no subPath), so ConfigMap updates reach the running pods.
    container.volumeMounts = [{ name: "model-config", mountPath: CONFIG_DIR, readOnly: true }];
    podSpec.volumes = [
      { name: "model-config", configMap: { name: configMapName(plan), defaultMode: 0o444 } },
    ];
  }
  const spec: Record<string, unknown> = {
    ...(plan.replicas === undefined ? {} : { replicas: plan.replicas }),
    selector: { matchLabels: selectorLabels(plan.name) },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    minReadySeconds: 5,
    progressDeadlineSeconds: 900,
    revisionHistoryLimit: 5,
    template: { metadata: { labels }, spec: podSpec },
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: plan.name, namespace: plan.namespace, labels: { ...labels, ...metadataLabels } },
    spec,
  };
}
