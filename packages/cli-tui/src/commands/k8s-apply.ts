import { type AppliedObject, applyManifests } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import {
  K8S_CLUSTER_OPTIONS,
  K8S_RENDER_OPTIONS,
  kubeConfigFor,
  manifestsFor,
  namespaceFor,
} from "./k8s-options.js";

function line(result: AppliedObject): string {
  const group = {
    Deployment: ".apps",
    HorizontalPodAutoscaler: ".autoscaling",
    PodDisruptionBudget: ".policy",
  }[result.kind];
  return `${result.kind.toLowerCase()}${group ?? ""}/${result.name} ${result.action}`;
}

/** `bqdeploy k8s apply MODEL --model-base-path gs://B/PREFIX`: server-side apply to the cluster. */
export const k8sApplyCommand = defineCommand({
  name: "k8s apply",
  summary: "Deploy MODEL to Kubernetes (server-side apply with the user's kubeconfig)",
  positionals: [{ name: "MODEL", description: "the model (its TF Serving name)", required: true }],
  options: {
    ...K8S_RENDER_OPTIONS,
    ...K8S_CLUSTER_OPTIONS,
    "dry-run": { type: "boolean", description: "Let the API server check everything, store nothing" },
  },
  details: [
    "Examples:",
    "  bqdeploy k8s apply tip_model --model-base-path gs://my-bucket/models --namespace serving",
    "  bqdeploy k8s apply tip_model --model-base-path gs://my-bucket/models --stable-version 1 --canary-version 2",
    "Re-running with the same flags changes nothing; changing only versions/labels does not restart pods.",
  ].join("\n"),
  async run(ctx) {
    const kubeconfig = await kubeConfigFor(ctx);
    const objects = manifestsFor(ctx, namespaceFor(ctx, kubeconfig));
    const results = await applyManifests(objects, {
      kubeconfig,
      dryRun: ctx.options["dry-run"] === true,
      signal: ctx.signal,
      logger: ctx.logger,
    });
    const suffix = ctx.options["dry-run"] === true ? " (server dry run)" : "";
    ctx.out.result({ namespace: objects[0]?.metadata.namespace, objects: results }, () =>
      results.map((r) => `${line(r)}${suffix}`).join("\n"),
    );
  },
});
