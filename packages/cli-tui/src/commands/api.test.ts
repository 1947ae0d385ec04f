import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedModel } from "@bqdeploy/test-fixtures";
import { SEED_INSTANCE } from "@bqdeploy/test-fixtures/conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, startCli, type StartedCli, waitForOutput } from "../testing/run-cli.js";

describe("bqdeploy api", () => {
  it("refuses a non-loopback host without a token (exit 1)", async () => {
    const run = await runCli(["api", "--host", "0.0.0.0", "--port", "0", "--no-docker"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("without a token");
  });

  describe.runIf(haveSharedModels("bqdeploy api with an embedded deployment of tip_model"))("running", () => {
    const controller = new AbortController();
    let repo: string;
    let started: StartedCli;
    let url: string;
    const auth = { authorization: "Bearer t0ken" };
    beforeAll(async () => {
      repo = mkdtempSync(join(tmpdir(), "bqdeploy-api-cli-"));
      cpSync(sharedModel("tip_model/tf2.21"), join(repo, "tip_model", "1"), { recursive: true });
      started = startCli(
        ["api", "--repo", repo, "--port", "0", "--token", "t0ken", "--json", "--no-docker"],
        {
          signal: controller.signal,
        },
      );
      const [line] = await waitForOutput(started, started.stdout, /\{"type":"api".*\}\n/);
      url = (JSON.parse(line) as { url: string }).url;
    });
    afterAll(() => rmSync(repo, { recursive: true, force: true }));

    it("serves the API until the signal, with the seed's curl through /v1 (plus the token)", async () => {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/models`)).status).toBe(401);
      const deploy = await fetch(`${url}/deployments`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ model: "tip_model", runtime: "embedded" }),
      });
      expect(deploy.status, await deploy.clone().text()).toBe(201);
      const res = await fetch(`${url}/v1/models/tip_model:predict`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ instances: [SEED_INSTANCE] }),
      });
      expect(res.status).toBe(200);
      const { predictions } = (await res.json()) as { predictions: number[][] };
      expect(predictions).toHaveLength(1);
      expect(typeof predictions[0]![0]).toBe("number");
      controller.abort();
      const run = await started.done;
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('"type":"stopping"');
    });
  });
});
