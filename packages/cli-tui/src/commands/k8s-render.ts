import { toYaml } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { K8S_RENDER_OPTIONS, manifestsFor, namespaceFor } from "./k8s-options.js";

/** `bqdeploy k8s render MODEL --model-base-path gs://B/PREFIX`: prints the manifests as YAML. */
export const k8sRenderCommand = defineCommand({
  name: "k8s render",
  summary: "Print Kubernetes manifests that serve MODEL from gs:// with tensorflow/serving",
  positionals: [{ name: "MODEL", description: "the model (its TF Serving name)", required: true }],
  options: K8S_RENDER_OPTIONS,
  details: [
    "Examples:",
    "  bqdeploy k8s render tip_model --model-base-path gs://my-bucket/models --replicas 3 > tip_model.yaml",
    "  bqdeploy k8s render tip_model --model-base-path gs://my-bucket/models --stable-version 1 --canary-version 2",
    "With --json: the objects as a JSON array.",
  ].join("\n"),
  async run(ctx) {
    const objects = manifestsFor(ctx, namespaceFor(ctx));
    ctx.out.result(objects, () => toYaml(objects).trimEnd());
  },
});
