import type {
  V1Deployment,
  V1PodDisruptionBudget,
  V1Service,
  V1ServiceAccount,
  V2HorizontalPodAutoscaler,
} from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import { parseModelsConfig } from "../../repository/index.js";
import { renderManifests } from "./render-manifests.js";
import type { KubeObject, RenderOptions } from "./types.js";

const base: RenderOptions = { model: "tip_model", modelBasePath: "gs://my-bucket/models/" };

function find<T>(objects: KubeObject[], kind: string): T {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found as unknown as T;
}

function container(objects: KubeObject[]) {
  const c = find<V1Deployment>(objects, "Deployment").spec?.template.spec?.containers[0];
  if (!c) throw new Error("no container");
  return c;
}

function invalid(options: RenderOptions): string {
  try {
    renderManifests(options);
  } catch (error) {
    if (isBqdeployError(error) && error.code === "INVALID_ARGUMENT") return error.message;
    throw error;
  }
  throw new Error("expected INVALID_ARGUMENT");
}

describe("renderManifests", () => {
  it("serves one model straight from gs:// with two replicas, in apply order", () => {
    const objects = renderManifests(base);
    expect(objects.map((o) => o.kind)).toEqual([
      "ServiceAccount",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
    ]);
    const deployment = find<V1Deployment>(objects, "Deployment");
    expect(deployment.metadata?.name).toBe("tip-model");
    expect(deployment.spec?.replicas).toBe(2);
    expect(container(objects).image).toBe("tensorflow/serving:2.19.0");
    expect(container(objects).args).toEqual([
      "--port=8500",
      "--rest_api_port=8501",
      "--model_name=tip_model",
      "--model_base_path=gs://my-bucket/models/tip_model",
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe("default");
  });

  it("rolls one pod at a time and never below the desired count", () => {
    const deployment = find<V1Deployment>(renderManifests(base), "Deployment");
    expect(deployment.spec?.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
  });

  it("keeps labels and selectors consistent across Deployment, Service and PDB", () => {
    const objects = renderManifests(base);
    const deployment = find<V1Deployment>(objects, "Deployment");
    const selector = deployment.spec?.selector.matchLabels ?? {};
    expect(selector).toEqual({ "app.kubernetes.io/name": "tip-model" });
    const podLabels = deployment.spec?.template.metadata?.labels ?? {};
    expect(podLabels).toMatchObject(selector);
    expect(find<V1Service>(objects, "Service").spec?.selector).toEqual(selector);
    expect(find<V1PodDisruptionBudget>(objects, "PodDisruptionBudget").spec?.selector?.matchLabels).toEqual(
      selector,
    );
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({ "app.kubernetes.io/managed-by": "bqdeploy", ...selector });
    }
    // managed-by is not part of the (immutable) selector.
    expect(selector).not.toHaveProperty("app.kubernetes.io/managed-by");
  });

  it("probes readiness with the bash script, liveness and startup on the REST port", () => {
    const c = container(renderManifests(base));
    expect(c.readinessProbe?.exec?.command?.slice(0, 2)).toEqual(["/bin/bash", "-c"]);
    const script = c.readinessProbe?.exec?.command?.[2] ?? "";
    expect(script).toContain("/dev/tcp/127.0.0.1/8501");
    expect(script).toContain("AVAILABLE");
    expect(script).toContain("for model in tip_model;");
    expect(c.livenessProbe?.tcpSocket?.port).toBe("http");
    expect(c.startupProbe?.failureThreshold).toBeGreaterThanOrEqual(30);
    expect(c.ports?.map((p) => [p.name, p.containerPort])).toEqual([
      ["grpc", 8500],
      ["http", 8501],
    ]);
    expect(c.resources).toEqual({
      requests: { cpu: "500m", memory: "1Gi" },
      limits: { cpu: "2", memory: "2Gi" },
    });
  });

  it("runs as a ServiceAccount bound to a Google service account by Workload Identity", () => {
    const objects = renderManifests({ ...base, gcpServiceAccount: "reader@proj-1.iam.gserviceaccount.com" });
    const account = find<V1ServiceAccount>(objects, "ServiceAccount");
    expect(account.metadata?.annotations).toEqual({
      "iam.gke.io/gcp-service-account": "reader@proj-1.iam.gserviceaccount.com",
    });
    expect(find<V1Deployment>(objects, "Deployment").spec?.template.spec?.serviceAccountName).toBe(
      account.metadata?.name,
    );
  });

  it("autoscales the Deployment with an autoscaling/v2 HPA and leaves replicas to it", () => {
    const objects = renderManifests({ ...base, hpa: { min: 2, max: 8, cpuPercent: 65 } });
    const hpa = find<V2HorizontalPodAutoscaler>(objects, "HorizontalPodAutoscaler");
    const deployment = find<V1Deployment>(objects, "Deployment");
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec?.scaleTargetRef).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: deployment.metadata?.name,
    });
    expect([hpa.spec?.minReplicas, hpa.spec?.maxReplicas]).toEqual([2, 8]);
    expect(hpa.spec?.metrics?.[0]?.resource?.target).toEqual({ type: "Utilization", averageUtilization: 65 });
    expect(deployment.spec).not.toHaveProperty("replicas");
  });

  it("serves several models from a read-only models.config ConfigMap", () => {
    const objects = renderManifests({
      ...base,
      models: [
        { name: "tip_model", versionPolicy: { kind: "latest", numVersions: 2 } },
        { name: "churn", basePath: "gs://other-bucket/churn/", labels: { stable: 4 } },
      ],
    });
    const configMap = find<KubeObject & { data: Record<string, string> }>(objects, "ConfigMap");
    expect(configMap.data["models.config"]).toBe(
      [
        "# Written by bqdeploy. TF Serving: --model_config_file=<this file>.",
        "model_config_list {",
        "  config {",
        "    name: 'tip_model'",
        "    base_path: 'gs://my-bucket/models/tip_model'",
        "    model_platform: 'tensorflow'",
        "    model_version_policy { latest { num_versions: 2 } }",
        "  }",
        "  config {",
        "    name: 'churn'",
        "    base_path: 'gs://other-bucket/churn'",
        "    model_platform: 'tensorflow'",
        "    model_version_policy { specific { versions: 4 } }",
        "    version_labels { key: 'stable' value: 4 }",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
    // The repository's parser reads it back as written.
    expect(
      parseModelsConfig(configMap.data["models.config"] ?? "").models.map((m) => [m.name, m.versionPolicy]),
    ).toEqual([
      ["tip_model", { kind: "latest", numVersions: 2 }],
      ["churn", { kind: "specific", versions: [4] }],
    ]);
    const deployment = find<V1Deployment>(objects, "Deployment");
    const c = container(objects);
    expect(c.volumeMounts).toEqual([{ name: "model-config", mountPath: "/etc/bqdeploy", readOnly: true }]);
    expect(c.volumeMounts?.[0]).not.toHaveProperty("subPath"); // subPath mounts never see ConfigMap updates
    expect(deployment.spec?.template.spec?.volumes?.[0]?.configMap?.name).toBe(configMap.metadata.name);
    expect(c.args).toContain("--model_config_file=/etc/bqdeploy/models.config");
    expect(c.args).toContain("--model_config_file_poll_wait_seconds=30");
    expect(c.args?.some((a) => a.startsWith("--model_base_path"))).toBe(false);
    expect(c.readinessProbe?.exec?.command?.[2]).toContain("for model in tip_model churn;");
  });

  it("refuses options Kubernetes or TF Serving would refuse, saying which", () => {
    expect(invalid({ ...base, modelBasePath: "/home/me/models" })).toMatch(/modelBasePath: a gs:\/\/bucket/);
    expect(invalid({ ...base, replicas: 3, hpa: { min: 1, max: 2, cpuPercent: 50 } })).toMatch(/not both/);
    expect(invalid({ ...base, hpa: { min: 5, max: 2, cpuPercent: 50 } })).toMatch(/hpa.min/);
    expect(invalid({ ...base, image: "tensorflow/serving" })).toMatch(/pinned tag/);
    expect(invalid({ ...base, namespace: "Bad_NS" })).toMatch(/namespace/);
    expect(invalid({ ...base, model: "tip model" })).toMatch(/model/);
    expect(
      invalid({
        ...base,
        models: [{ name: "m", versionPolicy: { kind: "specific", versions: [1] }, labels: { canary: 2 } }],
      }),
    ).toMatch(/version\(s\) 2/);
    expect(invalid({ ...base, models: [{ name: "m", labels: { "not-ok": 1 } }] })).toMatch(/labels/);
  });

  it("names objects in DNS-1123 form and accepts an explicit name", () => {
    expect(renderManifests({ ...base, model: "Tip.Model_V2" })[0]?.metadata.name).toBe("tip-model-v2");
    const long = "m".repeat(80);
    const name = renderManifests({ ...base, model: long })[0]?.metadata.name ?? "";
    expect(name.length).toBeLessThanOrEqual(52);
    expect(renderManifests({ ...base, name: "tips" }).every((o) => o.metadata.name.startsWith("tips"))).toBe(
      true,
    );
  });
});
