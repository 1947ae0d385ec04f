/** One resource type the fake API server knows, as its discovery document describes it. */
export interface ApiResource {
  /** apiVersion of its objects: "v1", "apps/v1", ... */
  groupVersion: string;
  /** Plural resource name used in URLs: "deployments". */
  name: string;
  kind: string;
  namespaced: boolean;
}

/** The types bqdeploy applies and reads, with the URL names the real API server uses. */
export const API_RESOURCES: readonly ApiResource[] = [
  { groupVersion: "v1", name: "namespaces", kind: "Namespace", namespaced: false },
  { groupVersion: "v1", name: "configmaps", kind: "ConfigMap", namespaced: true },
  { groupVersion: "v1", name: "services", kind: "Service", namespaced: true },
  { groupVersion: "v1", name: "serviceaccounts", kind: "ServiceAccount", namespaced: true },
  { groupVersion: "v1", name: "pods", kind: "Pod", namespaced: true },
  { groupVersion: "apps/v1", name: "deployments", kind: "Deployment", namespaced: true },
  {
    groupVersion: "autoscaling/v2",
    name: "horizontalpodautoscalers",
    kind: "HorizontalPodAutoscaler",
    namespaced: true,
  },
  { groupVersion: "policy/v1", name: "poddisruptionbudgets", kind: "PodDisruptionBudget", namespaced: true },
];

/** The group part of a groupVersion ("" for the core group), as Status details name it. */
export function groupOf(groupVersion: string): string {
  return groupVersion.includes("/") ? (groupVersion.split("/")[0] ?? "") : "";
}

/** "deployments.apps" or "services": how the API server names a resource in its messages. */
export function qualifiedName(resource: ApiResource): string {
  const group = groupOf(resource.groupVersion);
  return group ? `${resource.name}.${group}` : resource.name;
}

/** The APIResourceList answered for GET /api/v1 or /apis/GROUP/VERSION, or undefined. */
export function discoveryDocument(groupVersion: string): Record<string, unknown> | undefined {
  const resources = API_RESOURCES.filter((r) => r.groupVersion === groupVersion);
  if (resources.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: resources.map((r) => ({
      name: r.name,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    })),
  };
}
