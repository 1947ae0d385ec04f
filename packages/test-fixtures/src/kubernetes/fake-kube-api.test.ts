import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  type V1Deployment,
} from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeKubeApi, startFakeKubeApi } from "./fake-kube-api.js";

const SSA = PatchStrategy.ServerSideApply;

function deployment(replicas: number, labels: Record<string, string> = {}): V1Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default", labels: { app: "web", ...labels } },
    spec: {
      replicas,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "nginx:1.27" }] },
      },
    },
  };
}

function failure(error: unknown): { code: number; body: Record<string, unknown> } {
  const e = error as ApiException<string>;
  return { code: e.code, body: JSON.parse(e.body) as Record<string, unknown> };
}

describe("fake Kubernetes API server with the real client-node", () => {
  let fake: FakeKubeApi;
  let objects: KubernetesObjectApi;
  beforeEach(async () => {
    fake = await startFakeKubeApi({ namespaces: ["serving"] });
    const kc = new KubeConfig();
    kc.loadFromString(fake.kubeconfig());
    objects = KubernetesObjectApi.makeApiClient(kc);
  });
  afterEach(() => fake.close());

  it("creates by server-side apply, records the request, and a second identical apply changes nothing", async () => {
    const first = await objects.patch(deployment(2), undefined, undefined, "bqdeploy", true, SSA);
    expect(first.metadata?.generation).toBe(1);
    expect(first.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    const [apply] = fake.applies();
    expect(apply?.contentType).toBe("application/apply-patch+yaml");
    expect(apply?.query).toMatchObject({ fieldManager: "bqdeploy", force: "true" });
    expect(apply?.path).toBe("/apis/apps/v1/namespaces/default/deployments/web");

    const again = await objects.patch(deployment(2), undefined, undefined, "bqdeploy", true, SSA);
    expect(again.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
    expect(again.metadata?.generation).toBe(1);
    expect(again.metadata?.managedFields?.[0]?.manager).toBe("bqdeploy");
  });

  it("moves generation for spec changes and only resourceVersion for label changes", async () => {
    const first = await objects.patch(deployment(2), undefined, undefined, "bqdeploy", true, SSA);
    const relabelled = await objects.patch(
      deployment(2, { track: "stable" }),
      undefined,
      undefined,
      "bqdeploy",
      true,
      SSA,
    );
    expect(relabelled.metadata?.generation).toBe(1);
    expect(Number(relabelled.metadata?.resourceVersion)).toBeGreaterThan(
      Number(first.metadata?.resourceVersion),
    );
    const scaled = await objects.patch(deployment(3), undefined, undefined, "bqdeploy", true, SSA);
    expect(scaled.metadata?.generation).toBe(2);
    // The manager no longer sets the track label: it is gone.
    expect(scaled.metadata?.labels).toEqual({ app: "web" });
  });

  it("refuses a conflicting apply from another manager unless forced", async () => {
    await objects.patch(deployment(2), undefined, undefined, "bqdeploy", true, SSA);
    const conflict = await objects
      .patch(deployment(5), undefined, undefined, "kubectl", false, SSA)
      .catch(failure);
    expect(conflict).toMatchObject({ code: 409, body: { kind: "Status", reason: "Conflict" } });
    expect(String((conflict as { body: { message: string } }).body.message)).toContain(".spec.replicas");
    const forced = await objects.patch(deployment(5), undefined, undefined, "kubectl", true, SSA);
    expect((forced as V1Deployment).spec?.replicas).toBe(5);
  });

  it("answers 404 Status objects for a missing object and a missing namespace", async () => {
    const missing = await objects
      .read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "nope", namespace: "default" } })
      .catch(failure);
    expect(missing).toEqual({
      code: 404,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'deployments.apps "nope" not found',
        reason: "NotFound",
        details: { name: "nope", group: "apps", kind: "deployments" },
        code: 404,
      },
    });
    const d = deployment(1);
    d.metadata = { ...d.metadata, namespace: "absent" };
    const noNamespace = await objects.patch(d, undefined, undefined, "bqdeploy", true, SSA).catch(failure);
    expect(noNamespace).toMatchObject({
      code: 404,
      body: { details: { kind: "namespaces", name: "absent" } },
    });
  });

  it("rejects a wrong token with 401 and a non-apply patch with 415", async () => {
    const kc = new KubeConfig();
    kc.loadFromString(fake.kubeconfig({ token: "wrong" }));
    const apps = kc.makeApiClient(AppsV1Api);
    const denied = await apps
      .readNamespacedDeployment({ name: "web", namespace: "default" })
      .catch((e: ApiException<unknown>) => e.code);
    expect(denied).toBe(401);
    const merge = await objects
      .patch(deployment(1), undefined, undefined, "bqdeploy", undefined, PatchStrategy.MergePatch)
      .catch(failure);
    expect(merge).toMatchObject({ code: 415 });
  });

  it("serves scripted Deployment status to the typed client", async () => {
    await objects.patch(deployment(3), undefined, undefined, "bqdeploy", true, SSA);
    fake.rollOut("default", "web");
    const kc = new KubeConfig();
    kc.loadFromString(fake.kubeconfig());
    const read = await kc
      .makeApiClient(AppsV1Api)
      .readNamespacedDeployment({ name: "web", namespace: "default" });
    expect(read.status).toMatchObject({ readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it("does not store a dry-run apply", async () => {
    await objects.patch(deployment(1), undefined, "All", "bqdeploy", true, SSA);
    expect(fake.get("apps/v1", "Deployment", "default", "web")).toBeUndefined();
  });

  it("relays the service proxy to a server on 127.0.0.1, and says 503 without endpoints", async () => {
    const pod = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ path: req.url }));
    });
    await new Promise<void>((r) => pod.listen(0, "127.0.0.1", r));
    try {
      await objects.patch(
        {
          apiVersion: "v1",
          kind: "Service",
          metadata: { name: "web", namespace: "serving" },
          spec: { ports: [{ name: "http", port: 8501 }] },
        },
        undefined,
        undefined,
        "bqdeploy",
        true,
        SSA,
      );
      const kc = new KubeConfig();
      kc.loadFromString(fake.kubeconfig());
      const core = kc.makeApiClient(CoreV1Api);
      const proxied = () =>
        core.connectGetNamespacedServiceProxyWithPath({
          name: "web:8501",
          namespace: "serving",
          path: "v1/models/m",
        });
      const unavailable = await proxied().catch((e: ApiException<string>) => e.code);
      expect(unavailable).toBe(503);
      fake.setServiceProxy("serving", "web", 8501, `http://127.0.0.1:${(pod.address() as AddressInfo).port}`);
      // client-node hands back the parsed JSON although its type says string.
      const answer: unknown = await proxied();
      expect(typeof answer === "string" ? JSON.parse(answer) : answer).toEqual({ path: "/v1/models/m" });
    } finally {
      pod.close();
    }
  });
});
