import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { describeTfServingConformance, TIP_MODEL } from "@bqdeploy/test-fixtures/conformance";
import { describe, expect, it } from "vitest";
import { runCli, startCli, waitForOutput } from "../testing/run-cli.js";
import { expectClose } from "../testing/expect-close.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions?: unknown[];
  expected_error?: string;
  http_status?: number;
  tolerance?: number;
}

const ROW_MODELS: Record<string, string> = {
  "tip_model/tf2.21": "tip_model",
  tip_model_float: "tip_model_float",
  tip_model_misspelled: "tip_model_misspelled",
  iris_logistic_reg: "iris",
  linear_reg_transform: "linear_reg_transform",
};

/** Starts `bqdeploy serve --json --port 0` in-process over a repository; returns its URL and a stopper. */
async function serve(
  repo: string,
  extra: string[] = [],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const controller = new AbortController();
  const started = startCli(["serve", "--repo", repo, "--port", "0", "--json", ...extra], {
    signal: controller.signal,
  });
  const [line] = await waitForOutput(started, started.stdout, /\{"type":"serving".*\}\n/);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    stop: async () => {
      controller.abort();
      const end = await started.done;
      expect(end.code).toBe(0);
    },
  };
}

describe.runIf(haveSharedModels("bqdeploy serve against expected.json"))("bqdeploy serve (embedded)", () => {
  it("answers every TF Serving row entry of expected.json over HTTP", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-serve-"));
    for (const [folder, name] of Object.entries(ROW_MODELS))
      cpSync(sharedModel(folder), join(repo, name, "1"), { recursive: true });
    const server = await serve(repo, ["--no-transform"]);
    try {
      const entries = (sharedExpectations() as Expectation[]).filter(
        (e) => e.protocol === "tf_serving_rest_row" && e.model in ROW_MODELS,
      );
      expect(entries.length).toBeGreaterThanOrEqual(5);
      for (const entry of entries) {
        const res = await fetch(`${server.url}/v1/models/${ROW_MODELS[entry.model]}:predict`, {
          method: "POST",
          body: JSON.stringify({ instances: entry.instances }),
        });
        const body = (await res.json()) as { predictions?: unknown[]; error?: string };
        if (entry.expected_error) {
          expect(res.status).toBe(entry.http_status);
          expect(body.error).toContain("passenger_count");
        } else {
          expect(res.status, body.error).toBe(200);
          expectClose(body.predictions, entry.predictions, entry.tolerance ?? 1e-6);
        }
      }
      // The same server through the CLI's client: status and predict.
      const status = await runCli(["status", "tip_model", "--url", server.url, "--json"]);
      expect(JSON.parse(status.stdout).model_version_status[0]).toMatchObject({
        version: 1,
        state: "AVAILABLE",
      });
      const seed = entries.find((e) => e.model === "tip_model/tf2.21")!;
      const predicted = await runCli(["predict", "tip_model", "--url", server.url, "--instances", "-"], {
        stdin: JSON.stringify({ instances: [seed.instances[0]] }),
      });
      expect(predicted.code, predicted.stderr).toBe(0);
      expectClose(JSON.parse(predicted.stdout).predictions, [seed.predictions![0]], 1e-6);
      const wrong = await runCli(["predict", "tip_model", "--url", server.url, "--instances", "-"], {
        stdin: JSON.stringify({ instances: [{ ...seed.instances[0], payment_type: 2 }] }),
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/payment_type|expected type: string/);
    } finally {
      await server.stop();
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it("refuses a non-loopback address without a token", async () => {
    const r = await runCli(["serve", "--repo", tmpdir(), "--host", "0.0.0.0", "--port", "0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Refusing to serve on 0.0.0.0 without a token/);
  });

  describeTfServingConformance("TF Serving conformance: bqdeploy serve", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-serve-conf-"));
    for (const v of ["1", "2"])
      cpSync(sharedModel("tip_model/tf2.21"), join(repo, "tip_model", v), { recursive: true });
    cpSync(sharedModel("iris_logistic_reg"), join(repo, "iris", "1"), { recursive: true });
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      join(repo, "models.config"),
      "model_config_list { config { name: 'tip_model' base_path: '/models/tip_model' model_platform: 'tensorflow' model_version_policy { specific { versions: 1 versions: 2 } } version_labels { key: 'stable' value: 1 } } config { name: 'iris' base_path: '/models/iris' model_platform: 'tensorflow' } }",
    );
    const server = await serve(repo, ["--token", "t0ken"]);
    return {
      baseUrl: server.url,
      headers: { authorization: "Bearer t0ken" },
      model: TIP_MODEL,
      versionsAndLabel: true,
      multiOutputModel: "iris",
      close: async () => {
        await server.stop();
        rmSync(repo, { recursive: true, force: true });
      },
    };
  });
});
