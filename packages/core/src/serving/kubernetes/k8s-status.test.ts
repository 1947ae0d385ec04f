import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeKubeApi, startFakeKubeApi } from "@bqdeploy/test-fixtures";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyManifests } from "./apply-manifests.js";
import { k8sStatus } from "./k8s-status.js";
import { renderManifests } from "./render-manifests.js";

describe("k8sStatus against the fake API server", () => {
  let fake: FakeKubeApi;
  let kc: KubeConfig;
  let tfServing: Server;
  let tfUrl: string;
  let state = "LOADING";
  beforeEach(async () => {
    fake = await startFakeKubeApi({ namespaces: ["serving"] });
    kc = new KubeConfig();
    kc.loadFromString(fake.kubeconfig());
    await applyManifests(
      renderManifests({
        model: "tip_model",
        modelBasePath: "gs://my-bucket/models",
        namespace: "serving",
        replicas: 3,
      }),
      {
        kubeconfig: kc,
      },
    );
    tfServing = createServer((req, res) => {
      res.writeHead(req.url === "/v1/models/tip_model" ? 200 : 404, { "content-type": "application/json" });
      res.end(
        req.url === "/v1/models/tip_model"
          ? JSON.stringify({
              model_version_status: [
                { version: "1", state, status: { error_code: "OK", error_message: "" } },
              ],
            })
          : JSON.stringify({ error: "Servable not found" }),
      );
    });
    await new Promise<void>((r) => tfServing.listen(0, "127.0.0.1", r));
    tfUrl = `http://127.0.0.1:${(tfServing.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await fake.close();
    await new Promise<void>((r) => tfServing.close(() => r()));
  });

  it("reports replicas and the model state read through the service proxy", async () => {
    fake.rollOut("serving", "tip-model");
    fake.setServiceProxy("serving", "tip-model", 8501, tfUrl);
    state = "AVAILABLE";
    const status = await k8sStatus("tip_model", { namespace: "serving", kubeconfig: kc });
    expect(status).toEqual({
      model: "tip_model",
      namespace: "serving",
      deployment: "tip-model",
      image: "tensorflow/serving:2.19.0",
      replicas: { desired: 3, ready: 3, updated: 3, available: 3, unavailable: 0 },
      rolledOut: true,
      modelState: {
        reachable: true,
        state: "AVAILABLE",
        versions: [{ version: "1", state: "AVAILABLE", errorCode: "OK" }],
      },
    });
    const proxied = fake.requests.find((r) => r.path.includes("/proxy/"));
    expect(proxied?.path).toBe(
      "/api/v1/namespaces/serving/services/tip-model:8501/proxy/v1/models/tip_model",
    );
  });

  it("shows a rollout in progress and a model still loading", async () => {
    fake.setDeploymentStatus("serving", "tip-model", {
      observedGeneration: 1,
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 2,
    });
    fake.setServiceProxy("serving", "tip-model", 8501, tfUrl);
    state = "LOADING";
    const status = await k8sStatus("tip_model", { namespace: "serving", kubeconfig: kc });
    expect(status.rolledOut).toBe(false);
    expect(status.replicas).toEqual({ desired: 3, ready: 2, updated: 1, available: 2, unavailable: 2 });
    expect(status.modelState.state).toBe("LOADING");
  });

  it("says the model is unreachable when no pod is ready", async () => {
    const status = await k8sStatus("tip_model", { namespace: "serving", kubeconfig: kc });
    expect(status.replicas.ready).toBe(0);
    expect(status.modelState).toMatchObject({ reachable: false, state: "UNKNOWN" });
    expect(status.modelState.error).toMatch(/no endpoints available/);
  });

  it("tells the user to deploy first when there is no Deployment", async () => {
    await expect(k8sStatus("other_model", { namespace: "serving", kubeconfig: kc })).rejects.toMatchObject({
      code: "KUBERNETES_FAILED",
      message: expect.stringMatching(
        /No Deployment other-model in namespace serving: deploy the model first/,
      ),
    });
  });
});
