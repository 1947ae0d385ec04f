import { type FakeKubeApi, startFakeKubeApi } from "@bqdeploy/test-fixtures";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type BqdeployError, isBqdeployError } from "../../errors/index.js";
import { applyManifests } from "./apply-manifests.js";
import { renderManifests } from "./render-manifests.js";
import { renderRollout } from "./render-rollout.js";

const options = { model: "tip_model", modelBasePath: "gs://my-bucket/models", namespace: "serving" };

function kubeconfig(text: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(text);
  return kc;
}

async function failure(promise: Promise<unknown>): Promise<BqdeployError> {
  try {
    await promise;
  } catch (error) {
    if (isBqdeployError(error)) return error;
    throw error;
  }
  throw new Error("expected a failure");
}

describe("applyManifests against the fake API server", () => {
  let fake: FakeKubeApi;
  let kc: KubeConfig;
  beforeEach(async () => {
    fake = await startFakeKubeApi({ namespaces: ["serving"] });
    kc = kubeconfig(fake.kubeconfig());
  });
  afterEach(() => fake.close());

  it("creates every object by server-side apply as field manager bqdeploy", async () => {
    const objects = renderManifests({ ...options, hpa: { min: 2, max: 4, cpuPercent: 70 } });
    const results = await applyManifests(objects, { kubeconfig: kc });
    expect(results.map((r) => [r.kind, r.action])).toEqual([
      ["ServiceAccount", "created"],
      ["Deployment", "created"],
      ["Service", "created"],
      ["HorizontalPodAutoscaler", "created"],
      ["PodDisruptionBudget", "created"],
    ]);
    const applies = fake.applies();
    expect(applies).toHaveLength(5);
    for (const a of applies) {
      expect(a.contentType).toBe("application/apply-patch+yaml");
      expect(a.query).toMatchObject({ fieldManager: "bqdeploy", force: "true" });
    }
    expect(applies.map((a) => a.path)).toContain("/apis/apps/v1/namespaces/serving/deployments/tip-model");
    const stored = fake.get("apps/v1", "Deployment", "serving", "tip-model");
    expect(stored?.spec).toEqual(
      JSON.parse(JSON.stringify(objects.find((o) => o.kind === "Deployment")?.spec)),
    );
  });

  it("is idempotent: a second apply changes nothing", async () => {
    const objects = renderManifests(options);
    const first = await applyManifests(objects, { kubeconfig: kc });
    const second = await applyManifests(objects, { kubeconfig: kc });
    expect(second.map((r) => r.action)).toEqual(objects.map(() => "unchanged"));
    expect(second.map((r) => [r.resourceVersion, r.generation, r.uid])).toEqual(
      first.map((r) => [r.resourceVersion, r.generation, r.uid]),
    );
  });

  it("rolls a canary out by changing the ConfigMap, not the pods (Deployment generation stays)", async () => {
    await applyManifests(renderRollout({ ...options, stableVersion: 1 }), { kubeconfig: kc });
    const before = fake.get("apps/v1", "Deployment", "serving", "tip-model");
    const step = await applyManifests(renderRollout({ ...options, stableVersion: 1, canaryVersion: 2 }), {
      kubeconfig: kc,
    });
    expect(Object.fromEntries(step.map((r) => [r.kind, r.action]))).toEqual({
      ServiceAccount: "unchanged",
      ConfigMap: "configured",
      Deployment: "configured",
      Service: "unchanged",
      PodDisruptionBudget: "unchanged",
    });
    const after = fake.get("apps/v1", "Deployment", "serving", "tip-model");
    const generation = (before?.metadata as { generation?: number } | undefined)?.generation;
    expect(generation).toBeGreaterThan(0);
    expect(after?.metadata).toMatchObject({ generation });
    const config = fake.get("v1", "ConfigMap", "serving", "tip-model-config");
    expect(String((config?.data as Record<string, string> | undefined)?.["models.config"])).toContain(
      "key: 'canary' value: 2",
    );
    // Promotion drops the canary label from the metadata again.
    await applyManifests(renderRollout({ ...options, stableVersion: 2 }), { kubeconfig: kc });
    const promoted = fake.get("apps/v1", "Deployment", "serving", "tip-model")?.metadata as {
      labels: Record<string, string>;
    };
    expect(promoted.labels).toMatchObject({ "bqdeploy.dev/stable-version": "2" });
    expect(promoted.labels).not.toHaveProperty("bqdeploy.dev/canary-version");
  });

  it("does not store anything on a dry run", async () => {
    const results = await applyManifests(renderManifests(options), { kubeconfig: kc, dryRun: true });
    expect(results.every((r) => r.action === "created")).toBe(true);
    expect(fake.get("apps/v1", "Deployment", "serving", "tip-model")).toBeUndefined();
    expect(fake.applies().every((a) => a.query.dryRun === "All")).toBe(true);
  });

  it("says to create a missing namespace", async () => {
    const error = await failure(
      applyManifests(renderManifests({ ...options, namespace: "absent" }), { kubeconfig: kc }),
    );
    expect(error.code).toBe("KUBERNETES_FAILED");
    expect(error.message).toMatch(
      /Namespace absent does not exist: create it \(kubectl create namespace absent\)/,
    );
  });

  it("says to refresh rejected credentials", async () => {
    const error = await failure(
      applyManifests(renderManifests(options), {
        kubeconfig: kubeconfig(fake.kubeconfig({ token: "expired" })),
      }),
    );
    expect(error.code).toBe("KUBERNETES_FAILED");
    expect(error.message).toMatch(/rejected the credentials .* get-credentials/);
    expect(error.details).toMatchObject({ status: 401 });
  });

  it("says when the API server cannot be reached", async () => {
    const text = fake.kubeconfig();
    await fake.close();
    const error = await failure(applyManifests(renderManifests(options), { kubeconfig: kubeconfig(text) }));
    expect(error.code).toBe("KUBERNETES_FAILED");
    expect(error.message).toMatch(/Cannot reach the Kubernetes API server .*context fake/);
    fake = await startFakeKubeApi();
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(
      applyManifests(renderManifests(options), { kubeconfig: kc, signal: controller.signal }),
    );
    expect(error.code).toBe("CANCELLED");
    expect(fake.applies()).toHaveLength(0);
  });
});
