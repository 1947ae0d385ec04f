import type { KubeConfig, KubernetesObject } from "@kubernetes/client-node";
import { type Logger, silentLogger } from "../../logging/index.js";
import { connectKube } from "./kube-client.js";
import { loadKubeConfig } from "./kube-config.js";
import { statusOf, toKubeError } from "./kube-errors.js";
import { FIELD_MANAGER } from "./names.js";
import type { KubeObject } from "./types.js";

export interface ApplyOptions {
  /** The cluster's credentials; default: loadKubeConfig() (KUBECONFIG, ~/.kube/config). */
  kubeconfig?: KubeConfig;
  /** Server-side apply field manager (default "bqdeploy"). */
  fieldManager?: string;
  /** Take over fields owned by other managers (default true, like `kubectl apply --server-side --force-conflicts`). */
  force?: boolean;
  /** Server-side dry run: the API server validates and answers, nothing is stored. */
  dryRun?: boolean;
  signal?: AbortSignal;
  logger?: Logger;
}

/** What one server-side apply did to one object. */
export interface AppliedObject {
  kind: string;
  name: string;
  namespace?: string;
  action: "created" | "configured" | "unchanged";
  resourceVersion?: string;
  generation?: number;
  uid?: string;
}

/**
 * Applies the objects in order with Kubernetes server-side apply (PATCH,
 * application/apply-patch+yaml, fieldManager, force) using client-node. Re-applying the same
 * objects changes nothing ("unchanged": same resourceVersion). Throws KUBERNETES_FAILED with what
 * to do (unreachable cluster, bad credentials, missing namespace or permission).
 */
export async function applyManifests(
  objects: readonly KubeObject[],
  options: ApplyOptions = {},
): Promise<AppliedObject[]> {
  const { signal, logger = silentLogger, force = true } = options;
  const fieldManager = options.fieldManager ?? FIELD_MANAGER;
  const kc = options.kubeconfig ?? (await loadKubeConfig());
  const client = await connectKube(kc, signal);
  const { PatchStrategy } = await import("@kubernetes/client-node");
  const results: AppliedObject[] = [];
  for (const object of objects) {
    const { kind } = object;
    const { name, namespace } = object.metadata;
    const site = {
      action: `applying ${kind} ${name}`,
      server: client.server,
      context: client.context,
      namespace,
    };
    try {
      signal?.throwIfAborted();
      const header = { apiVersion: object.apiVersion, kind, metadata: { name, namespace } };
      const before = await client.objects.read(header).catch((error: unknown) => {
        if (statusOf(error)?.code === 404) return undefined;
        throw error;
      });
      // client-node fills in missing fields of what it sends: give it a copy.
      const body = structuredClone(object) as KubernetesObject;
      const after = await client.objects.patch(
        body,
        undefined,
        options.dryRun ? "All" : undefined,
        fieldManager,
        force,
        PatchStrategy.ServerSideApply,
      );
      const resourceVersion = after.metadata?.resourceVersion;
      const action = !before
        ? "created"
        : before.metadata?.resourceVersion === resourceVersion
          ? "unchanged"
          : "configured";
      const result: AppliedObject = { kind, name, action };
      if (namespace !== undefined) result.namespace = namespace;
      if (resourceVersion !== undefined) result.resourceVersion = resourceVersion;
      if (after.metadata?.generation !== undefined) result.generation = after.metadata.generation;
      if (after.metadata?.uid !== undefined) result.uid = after.metadata.uid;
      logger.info(`${kind}/${name} ${action}`, { namespace, resourceVersion });
      results.push(result);
    } catch (error) {
      throw toKubeError(error, site);
    }
  }
  return results;
}
