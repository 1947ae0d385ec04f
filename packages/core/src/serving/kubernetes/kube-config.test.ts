import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeKubeconfig } from "@bqdeploy/test-fixtures";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadKubeConfig } from "./kube-config.js";

describe("loadKubeConfig", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "bqdeploy-kubeconfig-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a kubeconfig file and its current context", async () => {
    const path = join(dir, "config");
    writeFileSync(path, fakeKubeconfig("https://127.0.0.1:6443", "t0ken", "serving"));
    const kc = await loadKubeConfig({ path });
    expect(kc.getCurrentCluster()?.server).toBe("https://127.0.0.1:6443");
    expect(kc.getContextObject(kc.currentContext)?.namespace).toBe("serving");
  });

  it("says what to do when the file is missing, broken, or lacks the context", async () => {
    await expect(loadKubeConfig({ path: join(dir, "nope") })).rejects.toMatchObject({
      code: "KUBERNETES_FAILED",
      message: expect.stringMatching(/does not exist: point KUBECONFIG .* get-credentials/),
    });
    const broken = join(dir, "broken");
    writeFileSync(broken, "clusters: [");
    await expect(loadKubeConfig({ path: broken })).rejects.toMatchObject({ code: "KUBERNETES_FAILED" });
    const path = join(dir, "config");
    writeFileSync(path, fakeKubeconfig("https://127.0.0.1:6443", "t0ken"));
    await expect(loadKubeConfig({ path, context: "prod" })).rejects.toMatchObject({
      message: 'The kubeconfig has no context "prod" (it has: fake).',
    });
  });

  it("refuses a kubeconfig with no cluster", async () => {
    const path = join(dir, "empty");
    writeFileSync(path, "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n");
    await expect(loadKubeConfig({ path })).rejects.toMatchObject({
      code: "KUBERNETES_FAILED",
      message: expect.stringMatching(/No Kubernetes cluster is configured/),
    });
  });
});
