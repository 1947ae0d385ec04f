import { commonLabels, GRPC_PORT, selectorLabels } from "./names.js";
import type { RenderPlan } from "./render-plan.js";
import type { KubeObject } from "./types.js";

/** A ClusterIP Service in front of the pods: REST on the chosen port (named http) and gRPC on 8500. */
export function renderService(plan: RenderPlan): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: plan.name,
      namespace: plan.namespace,
      labels: commonLabels(plan.name, plan.model, plan.labels),
    },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(plan.name),
      ports: [
        { name: "http", port: plan.port, targetPort: "http", protocol: "TCP" },
        { name: "grpc", port: GRPC_PORT, targetPort: "grpc", protocol: "TCP" },
      ],
    },
  };
}
