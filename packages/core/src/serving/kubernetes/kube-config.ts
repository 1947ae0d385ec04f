import { existsSync } from "node:fs";
import type { KubeConfig } from "@kubernetes/client-node";
import { BqdeployError } from "../../errors/index.js";

/** Where the user's cluster credentials come from. */
export interface KubeConfigOptions {
  /** A kubeconfig file; otherwise the library's default lookup ($KUBECONFIG, ~/.kube/config, in-cluster). */
  path?: string;
  /** A context of that kubeconfig other than its current one. */
  context?: string;
}

const GET_CREDENTIALS =
  "point KUBECONFIG (or --kubeconfig) at a kubeconfig file, e.g. after `gcloud container clusters get-credentials CLUSTER --location LOCATION`";

/**
 * Loads the user's kubeconfig with @kubernetes/client-node (KubeConfig.loadFromDefault unless a
 * path is given). Throws KUBERNETES_FAILED saying what to do when there is none or it is unusable.
 */
export async function loadKubeConfig(options: KubeConfigOptions = {}): Promise<KubeConfig> {
  const { KubeConfig } = await import("@kubernetes/client-node");
  const kc = new KubeConfig();
  try {
    if (options.path !== undefined) {
      if (!existsSync(options.path)) {
        throw new BqdeployError(
          "KUBERNETES_FAILED",
          `The kubeconfig file ${options.path} does not exist: ${GET_CREDENTIALS}.`,
        );
      }
      kc.loadFromFile(options.path);
    } else {
      kc.loadFromDefault();
    }
  } catch (error) {
    if (error instanceof BqdeployError) throw error;
    const text = error instanceof Error ? error.message : String(error);
    throw new BqdeployError(
      "KUBERNETES_FAILED",
      `Cannot read the kubeconfig: ${text}. Check the file, or ${GET_CREDENTIALS}.`,
      {
        cause: error,
      },
    );
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new BqdeployError(
        "KUBERNETES_FAILED",
        `The kubeconfig has no context "${options.context}" (it has: ${known.join(", ") || "none"}).`,
      );
    }
    kc.setCurrentContext(options.context);
  }
  requireCluster(kc);
  return kc;
}

/** Throws KUBERNETES_FAILED when the kubeconfig names no usable cluster. */
export function requireCluster(kc: KubeConfig): { server: string; context: string } {
  const cluster = kc.getCurrentCluster();
  // loadFromDefault falls back to this made-up context when it finds no kubeconfig at all.
  const fallback = kc.currentContext === "loaded-context" && cluster?.server === "http://localhost:8080";
  if (!cluster || fallback) {
    throw new BqdeployError("KUBERNETES_FAILED", `No Kubernetes cluster is configured: ${GET_CREDENTIALS}.`);
  }
  return { server: cluster.server, context: kc.currentContext };
}

/** The namespace of the kubeconfig's current context, if it sets one. */
export function contextNamespace(kc: KubeConfig): string | undefined {
  return kc.getContextObject(kc.currentContext)?.namespace;
}
