import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeKubeApi, startFakeKubeApi } from "@bqdeploy/test-fixtures";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runCli } from "../testing/run-cli.js";

const BASE = ["tip_model", "--model-base-path", "gs://my-bucket/models"];

describe("bqdeploy k8s render", () => {
  it("prints the manifests as YAML documents", async () => {
    const run = await runCli(["k8s", "render", ...BASE, "--replicas", "3", "--namespace", "serving"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const docs = parseAllDocuments(run.stdout).map(
      (d) => d.toJS() as { kind: string; metadata: { namespace: string }; spec?: { replicas?: number } },
    );
    expect(docs.map((d) => d.kind)).toEqual([
      "ServiceAccount",
      "Deployment",
      "Service",
      "PodDisruptionBudget",
    ]);
    expect(docs.every((d) => d.metadata.namespace === "serving")).toBe(true);
    expect(docs[1]?.spec?.replicas).toBe(3);
  });

  it("renders a canary step and autoscaling, as JSON with --json", async () => {
    const run = await runCli([
      "k8s",
      "render",
      ...BASE,
      "--stable-version",
      "1",
      "--canary-version",
      "2",
      "--hpa-min",
      "2",
      "--hpa-max",
      "6",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const objects = JSON.parse(run.stdout) as Array<{ kind: string; data?: Record<string, string> }>;
    expect(objects.map((o) => o.kind)).toContain("HorizontalPodAutoscaler");
    expect(objects.find((o) => o.kind === "ConfigMap")?.data?.["models.config"]).toContain(
      "key: 'canary' value: 2",
    );
  });

  it("reports usage errors with exit 2 and bad values with exit 1, on one line", async () => {
    const missing = await runCli(["k8s", "render", "tip_model"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--model-base-path gs:\/\/BUCKET\/PREFIX is required/);
    const notInt = await runCli(["k8s", "render", ...BASE, "--replicas", "three"]);
    expect(notInt.code).toBe(2);
    const local = await runCli(["k8s", "render", "tip_model", "--model-base-path", "./models"]);
    expect(local.code).toBe(1);
    expect(local.stderr.trim().split("\n")).toHaveLength(1);
    expect(local.stderr).toMatch(/pods read the model from Cloud Storage/);
  });
});

describe("bqdeploy k8s apply and status against the fake API server", () => {
  let fake: FakeKubeApi;
  let work: string;
  let kubeconfig: string;
  let tfServing: Server;
  beforeEach(async () => {
    fake = await startFakeKubeApi({ namespaces: ["serving"] });
    work = await mkdtemp(join(tmpdir(), "bqdeploy-k8s-cli-"));
    kubeconfig = join(work, "kubeconfig");
    await writeFile(kubeconfig, fake.kubeconfig({ namespace: "serving" }));
    tfServing = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          model_version_status: [{ version: "1", state: "AVAILABLE", status: { error_code: "OK" } }],
        }),
      );
    });
    await new Promise<void>((r) => tfServing.listen(0, "127.0.0.1", r));
  });
  afterEach(async () => {
    await fake.close();
    await new Promise<void>((r) => tfServing.close(() => r()));
    await rm(work, { recursive: true, force: true });
  });

  it("applies in the context's namespace, then changes nothing on a second run", async () => {
    const first = await runCli(["k8s", "apply", ...BASE, "--kubeconfig", kubeconfig]);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toBe(
      [
        "serviceaccount/tip-model created",
        "deployment.apps/tip-model created",
        "service/tip-model created",
        "poddisruptionbudget.policy/tip-model created",
        "",
      ].join("\n"),
    );
    expect(fake.applies().map((a) => a.path)).toContain(
      "/apis/apps/v1/namespaces/serving/deployments/tip-model",
    );
    const second = await runCli(["k8s", "apply", ...BASE, "--kubeconfig", kubeconfig, "--json"]);
    const parsed = JSON.parse(second.stdout) as { namespace: string; objects: Array<{ action: string }> };
    expect(parsed.namespace).toBe("serving");
    expect(parsed.objects.map((o) => o.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
  });

  it("says what to do when the namespace is missing or the kubeconfig absent", async () => {
    const noNs = await runCli(["k8s", "apply", ...BASE, "--kubeconfig", kubeconfig, "--namespace", "prod"]);
    expect(noNs.code).toBe(1);
    expect(noNs.stderr).toMatch(
      /^bqdeploy: Namespace prod does not exist: create it \(kubectl create namespace prod\)/,
    );
    const noFile = await runCli(["k8s", "apply", ...BASE, "--kubeconfig", join(work, "none"), "--json"]);
    expect(noFile.code).toBe(1);
    expect(JSON.parse(noFile.stderr)).toMatchObject({ error: { code: "KUBERNETES_FAILED" } });
  });

  it("shows replicas and the model state, as text and JSON", async () => {
    await runCli(["k8s", "apply", ...BASE, "--kubeconfig", kubeconfig]);
    fake.rollOut("serving", "tip-model");
    fake.setServiceProxy(
      "serving",
      "tip-model",
      8501,
      `http://127.0.0.1:${(tfServing.address() as AddressInfo).port}`,
    );
    const text = await runCli(["k8s", "status", "tip_model", "--kubeconfig", kubeconfig]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("replicas: 2 desired, 2 ready, 2 updated, 2 available (rolled out)");
    expect(text.stdout).toContain("model:    AVAILABLE (version 1 AVAILABLE)");
    const json = await runCli(["k8s", "status", "tip_model", "--kubeconfig", kubeconfig, "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      namespace: "serving",
      replicas: { desired: 2, ready: 2 },
      rolledOut: true,
      modelState: { state: "AVAILABLE", reachable: true },
    });
  });
});
