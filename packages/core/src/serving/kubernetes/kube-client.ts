import type { Configuration, KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { requireCluster } from "./kube-config.js";

/** One connection to the API server: client-node's generic object API plus raw GETs. */
export interface KubeClient {
  objects: KubernetesObjectApi;
  server: string;
  context: string;
  /** GET a raw path (e.g. a service proxy URL) with the kubeconfig's credentials. */
  getRaw(path: string): Promise<{ status: number; body: string }>;
}

/**
 * Builds client-node clients for the kubeconfig's current context. Every request carries `signal`,
 * so an abort cancels the HTTP call in flight. client-node is loaded only when Kubernetes is used.
 */
export async function connectKube(kc: KubeConfig, signal?: AbortSignal): Promise<KubeClient> {
  const { server, context } = requireCluster(kc);
  const k8s = await import("@kubernetes/client-node");
  const configuration: Configuration = k8s.createConfiguration({
    baseServer: new k8s.ServerConfiguration(server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      {
        pre: async (ctx) => {
          if (signal) ctx.setSignal(signal as Parameters<typeof ctx.setSignal>[0]);
          return ctx;
        },
        post: async (response) => response,
      },
    ],
  });
  const objects = new k8s.KubernetesObjectApi(configuration);
  return {
    objects,
    server,
    context,
    async getRaw(path) {
      signal?.throwIfAborted();
      const ctx = configuration.baseServer.makeRequestContext(path, k8s.HttpMethod.GET);
      ctx.setHeaderParam("Accept", "application/json, */*;q=0.8");
      await kc.applySecurityAuthentication(ctx);
      if (signal) ctx.setSignal(signal as Parameters<typeof ctx.setSignal>[0]);
      const response = await configuration.httpApi.send(ctx).toPromise();
      return { status: response.httpStatusCode, body: await response.body.text() };
    },
  };
}
