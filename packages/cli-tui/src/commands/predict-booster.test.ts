import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { expectClose } from "../testing/expect-close.js";
import { runCli, startCli, waitForOutput } from "../testing/run-cli.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions: unknown[];
  tolerance: number;
}

const BOOSTERS = ["boosted_tree_regressor", "boosted_tree_classifier", "random_forest_regressor"];

describe.runIf(haveSharedModels("booster exports through the CLI"))(
  "boosted trees and random forests",
  () => {
    const entries = (sharedExpectations() as Expectation[]).filter(
      (e) => e.protocol === "bigquery_ml_utils_predictor" && BOOSTERS.includes(e.model),
    );

    it("covers the three booster exports", () => {
      expect(entries.map((e) => e.model).sort()).toEqual([...BOOSTERS].sort());
    });

    for (const entry of entries) {
      it(`${entry.model}: predict --model-dir returns BigQuery ML's predictions (ragged arrays, "" for the mean)`, async () => {
        const r = await runCli(["predict", "--model-dir", sharedModel(entry.model), "--instances", "-"], {
          stdin: JSON.stringify({ instances: entry.instances }),
        });
        expect(r.code, r.stderr).toBe(0);
        expectClose(JSON.parse(r.stdout).predictions, entry.predictions, 5e-8, "$", true);
      });
    }

    it("serves every booster with bqdeploy serve", async () => {
      const repo = mkdtempSync(join(tmpdir(), "bqdeploy-boosters-"));
      for (const m of BOOSTERS) cpSync(sharedModel(m), join(repo, m, "1"), { recursive: true });
      const controller = new AbortController();
      const started = startCli(["serve", "--repo", repo, "--port", "0", "--json"], {
        signal: controller.signal,
      });
      try {
        const [line] = await waitForOutput(started, started.stdout, /\{"type":"serving".*\}\n/);
        const { url } = JSON.parse(line) as { url: string };
        for (const entry of entries) {
          const res = await fetch(`${url}/v1/models/${entry.model}:predict`, {
            method: "POST",
            body: JSON.stringify({ instances: entry.instances }),
          });
          expect(res.status).toBe(200);
          expectClose(
            ((await res.json()) as { predictions: unknown[] }).predictions,
            entry.predictions,
            5e-8,
            "$",
            true,
          );
        }
        const bad = await fetch(`${url}/v1/models/boosted_tree_regressor:predict`, {
          method: "POST",
          body: JSON.stringify({ instances: [{ f1: "b", f2: "a", f3: 3 }] }),
        });
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { error: string }).error).toContain("f2");
      } finally {
        controller.abort();
        expect((await started.done).code).toBe(0);
        rmSync(repo, { recursive: true, force: true });
      }
    });
  },
);
