import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { expectClose } from "../testing/expect-close.js";
import { runCli } from "../testing/run-cli.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions?: unknown[];
  expected_error?: string;
  http_status?: number;
  tolerance?: number;
  note?: string;
}

const ROW_MODELS = [
  "tip_model/tf2.21",
  "tip_model_float",
  "tip_model_misspelled",
  "iris_logistic_reg",
  "linear_reg_transform",
];

describe.runIf(haveSharedModels("bqdeploy predict --model-dir against expected.json"))(
  "bqdeploy predict --model-dir",
  () => {
    const entries = (sharedExpectations() as Expectation[]).filter(
      (e) => e.protocol === "tf_serving_rest_row" && ROW_MODELS.includes(e.model),
    );

    it("covers every TF Serving row entry of expected.json for linear and logistic exports", () => {
      expect(new Set(entries.map((e) => e.model))).toEqual(new Set(ROW_MODELS));
    });

    for (const [i, entry] of entries.entries()) {
      it(`${entry.model} #${i}: ${entry.expected_error ? `fails with ${entry.http_status}` : "predicts"}`, async () => {
        const args = ["predict", "--model-dir", sharedModel(entry.model), "--instances", "-"];
        if (entry.model === "linear_reg_transform") args.push("--no-transform");
        const r = await runCli(args, { stdin: JSON.stringify({ instances: entry.instances }) });
        if (entry.expected_error) {
          expect(r.code).toBe(1);
          expect(r.stderr).toContain("passenger_count");
          expect(r.stderr).toMatch(/does not have named input/);
          const json = await runCli([...args, "--json"], {
            stdin: JSON.stringify({ instances: entry.instances }),
          });
          expect(JSON.parse(json.stderr).error.details.httpStatus).toBe(entry.http_status);
          return;
        }
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        const body = JSON.parse(r.stdout) as { predictions: unknown[] };
        expectClose(body.predictions, entry.predictions, entry.tolerance ?? 1e-6);
      });
    }

    it("accepts a bare list of instances and says what is wrong with a bad file", async () => {
      const dir = sharedModel("tip_model/tf2.21");
      const seed = entries.find((e) => e.model === "tip_model/tf2.21")!;
      const bare = await runCli(["predict", "--model-dir", dir, "--instances", "-"], {
        stdin: JSON.stringify([seed.instances[0]]),
      });
      expectClose(
        (JSON.parse(bare.stdout) as { predictions: unknown[] }).predictions,
        [seed.predictions![0]],
        1e-6,
      );
      const wrongType = await runCli(["predict", "--model-dir", dir, "--instances", "-"], {
        stdin: JSON.stringify([{ ...seed.instances[0], PULocationID: 193 }]),
      });
      expect(wrongType.code).toBe(1);
      expect(wrongType.stderr).toContain("is not of expected type: string");
      const missing = await runCli(["predict", "--model-dir", dir, "--instances", "/nonexistent.json"]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/Cannot read instances from \/nonexistent.json/);
      const usage = await runCli(["predict", "tip_model", "--model-dir", dir, "--instances", "-"]);
      expect(usage.code).toBe(2);
    });
  },
);
