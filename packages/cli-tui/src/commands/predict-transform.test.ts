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
  tolerance_rule: string;
}

const TRANSFORM_MODELS = [
  "linear_reg_transform",
  "dnn_classifier_transform",
  "dnn_classifier_binary_transform",
];

/** Google's predictor's rejections, each naming the offending key (README: linear_reg_transform). */
const BAD_ROWS: [string, Record<string, unknown>, string][] = [
  ["a missing input", { f1: 1, f2: 2.5 }, "f3"],
  [
    "an extra key",
    { f1: 1, f2: 2.5, f3: "aaa", extra_feature: 1 },
    '"extra_feature" in not an input of the TRANSFORM',
  ],
  ["a non-integer for INT64", { f1: 1.5, f2: 2.5, f3: "aaa" }, "f1"],
  ["a rank mismatch", { f1: [1, 2], f2: 2.5, f3: "aaa" }, "Ranks of all input tensors should match"],
];

/** The README's rules: golden entries absolute, oracle entries relative to max(1, |expected|). */
const isAbsolute = (e: Expectation): boolean => e.tolerance_rule.startsWith("floats: abs");

describe.runIf(haveSharedModels("TRANSFORM exports through the CLI"))("models trained with TRANSFORM", () => {
  const entries = (sharedExpectations() as Expectation[]).filter((e) => TRANSFORM_MODELS.includes(e.model));

  it("covers the three TRANSFORM exports in both protocols", () => {
    expect(entries.length).toBe(4);
    expect(new Set(entries.map((e) => e.model))).toEqual(new Set(TRANSFORM_MODELS));
  });

  for (const entry of entries) {
    const raw = entry.protocol === "bigquery_ml_utils_predictor";
    it(`${entry.model} (${entry.protocol}): predict --model-dir ${raw ? "runs transform/ first" : "--no-transform"}`, async () => {
      const args = ["predict", "--model-dir", sharedModel(entry.model), "--instances", "-"];
      if (!raw) args.push("--no-transform");
      const r = await runCli(args, { stdin: JSON.stringify({ instances: entry.instances }) });
      expect(r.code, r.stderr).toBe(0);
      expectClose(
        JSON.parse(r.stdout).predictions,
        entry.predictions,
        entry.tolerance,
        "$",
        isAbsolute(entry),
      );
    });
  }

  for (const [what, row, text] of BAD_ROWS) {
    it(`predict --model-dir rejects ${what} like Google's predictor`, async () => {
      const r = await runCli(
        ["predict", "--model-dir", sharedModel("linear_reg_transform"), "--instances", "-", "--json"],
        { stdin: JSON.stringify({ instances: [row] }) },
      );
      expect(r.code).not.toBe(0);
      const printed = [r.stdout, r.stderr].find((s) => s.trim().startsWith("{")) ?? "{}";
      const { error } = JSON.parse(printed) as {
        error: { message: string; details: { httpStatus: number } };
      };
      expect(error.details.httpStatus).toBe(400);
      expect(error.message).toContain(text);
    });
  }

  it("serves the TRANSFORM exports with bqdeploy serve (raw rows in, model outputs out; 400s naming the key)", async () => {
    const repo = mkdtempSync(join(tmpdir(), "bqdeploy-transform-"));
    for (const m of TRANSFORM_MODELS) cpSync(sharedModel(m), join(repo, m, "1"), { recursive: true });
    const controller = new AbortController();
    const started = startCli(["serve", "--repo", repo, "--port", "0", "--json"], {
      signal: controller.signal,
    });
    try {
      const [line] = await waitForOutput(started, started.stdout, /\{"type":"serving".*\}\n/);
      const { url } = JSON.parse(line) as { url: string };
      for (const entry of entries.filter((e) => e.protocol === "bigquery_ml_utils_predictor")) {
        const res = await fetch(`${url}/v1/models/${entry.model}:predict`, {
          method: "POST",
          body: JSON.stringify({ instances: entry.instances }),
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { predictions: unknown[] };
        expectClose(body.predictions, entry.predictions, entry.tolerance, "$", true);
      }
      const meta = await fetch(`${url}/v1/models/dnn_classifier_binary_transform/metadata`);
      const signatures = (
        (await meta.json()) as {
          metadata: { signature_def: { signature_def: Record<string, { inputs: object }> } };
        }
      ).metadata.signature_def.signature_def;
      expect(Object.keys(signatures).sort()).toEqual(["predict", "serving_default"]);
      expect(Object.keys(signatures.serving_default!.inputs).sort()).toEqual(["f1", "f2", "f3"]);
      for (const [, row, text] of BAD_ROWS) {
        const bad = await fetch(`${url}/v1/models/linear_reg_transform:predict`, {
          method: "POST",
          body: JSON.stringify({ instances: [row] }),
        });
        expect(bad.status).toBe(400);
        expect(((await bad.json()) as { error: string }).error).toContain(text);
      }
      const status = await fetch(`${url}/v1/models/dnn_classifier_transform`);
      expect(
        ((await status.json()) as { model_version_status: { state: string }[] }).model_version_status[0]!
          .state,
      ).toBe("AVAILABLE");
    } finally {
      controller.abort();
      expect((await started.done).code).toBe(0);
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
