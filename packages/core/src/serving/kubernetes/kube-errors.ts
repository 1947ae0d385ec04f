import { BqdeployError, isBqdeployError } from "../../errors/index.js";

/** What the failing call was doing, to name it in the message. */
export interface KubeCallSite {
  action: string;
  server: string;
  context: string;
  namespace?: string;
}

interface KubeStatus {
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string };
}

/** The Kubernetes Status carried by a client-node ApiException, if any. */
export function statusOf(error: unknown): { code: number; status: KubeStatus } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as { code?: unknown; body?: unknown };
  if (typeof e.code !== "number" || e.code < 100) return undefined;
  let status: KubeStatus = {};
  if (typeof e.body === "string") {
    try {
      status = JSON.parse(e.body) as KubeStatus;
    } catch {
      status = { message: e.body.slice(0, 300) };
    }
  } else if (typeof e.body === "object" && e.body !== null) {
    status = e.body as KubeStatus;
  }
  return { code: e.code, status };
}

/**
 * Translates a client-node failure into KUBERNETES_FAILED (or CANCELLED) with what to do:
 * unreachable server, rejected credentials, missing permission, missing namespace, conflicts.
 */
export function toKubeError(error: unknown, site: KubeCallSite): BqdeployError {
  if (isBqdeployError(error)) return error;
  const where = `${site.action} (context ${site.context}, ${site.server})`;
  const cause = { cause: error };
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new BqdeployError("CANCELLED", `Cancelled while ${site.action}.`, cause);
  }
  const api = statusOf(error);
  if (!api) {
    const code = (error as { code?: unknown } | null)?.code;
    const text = error instanceof Error ? error.message : String(error);
    return new BqdeployError(
      "KUBERNETES_FAILED",
      `Cannot reach the Kubernetes API server while ${where}: ${text}. Check that the cluster is running and that the kubeconfig's current context is the right one (kubectl config current-context).`,
      { ...cause, details: { errno: typeof code === "string" ? code : undefined } },
    );
  }
  const { code, status } = api;
  const message = status.message ?? `HTTP ${code}`;
  const details = {
    status: code,
    reason: status.reason,
    kind: status.details?.kind,
    name: status.details?.name,
  };
  const fail = (text: string) => new BqdeployError("KUBERNETES_FAILED", text, { ...cause, details });
  if (code === 401) {
    return fail(
      `The Kubernetes API server rejected the credentials while ${where}: refresh them (for GKE: gcloud container clusters get-credentials CLUSTER --location LOCATION) or choose another context.`,
    );
  }
  if (code === 403) {
    return fail(
      `Not allowed while ${where}: ${message}. Ask a cluster admin for RBAC permission in namespace ${site.namespace ?? "default"}.`,
    );
  }
  if (code === 404 && status.details?.kind === "namespaces") {
    const ns = status.details.name ?? site.namespace ?? "";
    return fail(
      `Namespace ${ns} does not exist: create it (kubectl create namespace ${ns}) or choose another namespace.`,
    );
  }
  if (code === 409) {
    return fail(
      `Conflict while ${where}: ${message}. Another field manager owns these fields; re-run with force to take them over.`,
    );
  }
  return fail(
    `Kubernetes refused ${site.action} (HTTP ${code}${status.reason ? ` ${status.reason}` : ""}): ${message}`,
  );
}
