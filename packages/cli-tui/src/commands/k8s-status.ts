import { type K8sStatus, k8sStatus } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { intOption, K8S_CLUSTER_OPTIONS, kubeConfigFor, namespaceFor } from "./k8s-options.js";

function describe(s: K8sStatus): string {
  const r = s.replicas;
  const versions = s.modelState.versions.map((v) => `version ${v.version} ${v.state}`).join(", ");
  return [
    `${s.model} in namespace ${s.namespace} (deployment ${s.deployment}${s.image ? `, ${s.image}` : ""})`,
    `  replicas: ${r.desired} desired, ${r.ready} ready, ${r.updated} updated, ${r.available} available${s.rolledOut ? " (rolled out)" : " (rolling out)"}`,
    `  model:    ${s.modelState.state}${versions ? ` (${versions})` : ""}${s.modelState.error ? ` - ${s.modelState.error}` : ""}`,
  ].join("\n");
}

/** `bqdeploy k8s status MODEL`: the Deployment's replicas and the model's state in TF Serving. */
export const k8sStatusCommand = defineCommand({
  name: "k8s status",
  summary: "Show MODEL's replicas on Kubernetes and its state in TF Serving",
  positionals: [{ name: "MODEL", description: "the model (its TF Serving name)", required: true }],
  options: {
    namespace: {
      type: "string",
      value: "NS",
      description: "Kubernetes namespace (default: the context's, else default)",
    },
    name: {
      type: "string",
      value: "NAME",
      description: "Name of the Deployment/Service (default: the model, kebab-case)",
    },
    port: { type: "string", value: "PORT", description: "The Service's REST port (default 8501)" },
    ...K8S_CLUSTER_OPTIONS,
  },
  details: "The model state is read through the API server's service proxy (needs get on services/proxy).",
  async run(ctx) {
    const kubeconfig = await kubeConfigFor(ctx);
    const name = ctx.options.name;
    const port = intOption(ctx, "port");
    const status = await k8sStatus(ctx.positionals[0] ?? "", {
      kubeconfig,
      namespace: namespaceFor(ctx, kubeconfig),
      signal: ctx.signal,
      ...(typeof name === "string" ? { name } : {}),
      ...(port === undefined ? {} : { port }),
    });
    ctx.out.result(status, () => describe(status));
  },
});
