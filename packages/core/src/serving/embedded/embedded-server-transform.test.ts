import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedServer, startEmbeddedServer } from "./embedded-server.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, unknown>[];
  predictions: unknown[];
  tolerance: number;
}

/** Floats within an absolute tolerance, the rest equal. */
function near(actual: unknown, expected: unknown, tol: number): boolean {
  if (typeof expected === "number") return typeof actual === "number" && Math.abs(actual - expected) <= tol;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => near(actual[i], e, tol))
    );
  if (typeof expected === "object" && expected !== null)
    return Object.entries(expected).every(([k, e]) => near((actual as Record<string, unknown>)[k], e, tol));
  return actual === expected;
}

async function post(server: EmbeddedServer, path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * TRANSFORM models beyond the conformance runs (embedded-server.transform-conformance.test.ts): golden
 * values by version and label, the DNN by signature name, the predictor's own error texts, and
 * noTransform serving the model graph alone.
 */
describe.runIf(haveSharedModels("embedded runtime serving TRANSFORM exports"))(
  "embedded runtime: TRANSFORM",
  () => {
    let repo: string;
    let server: EmbeddedServer;
    let plain: EmbeddedServer;
    const golden = (model: string) =>
      (sharedExpectations() as Expectation[]).find(
        (e) => e.model === model && e.protocol === "bigquery_ml_utils_predictor",
      )!;

    beforeAll(async () => {
      repo = mkdtempSync(join(tmpdir(), "bqdeploy-embedded-transform-"));
      for (const v of ["1", "2"])
        cpSync(sharedModel("linear_reg_transform"), join(repo, "linear", v), { recursive: true });
      cpSync(sharedModel("dnn_classifier_transform"), join(repo, "dnn", "3"), { recursive: true });
      writeFileSync(
        join(repo, "models.config"),
        `model_config_list {
  config { name: 'linear' base_path: '/models/linear' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 } }
  config { name: 'dnn' base_path: '/models/dnn' model_platform: 'tensorflow' }
}
`,
      );
      server = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0 });
      plain = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0, noTransform: true });
    });
    afterAll(async () => {
      await server.close();
      await plain.close();
      rmSync(repo, { recursive: true, force: true });
    });

    it("reports both versions AVAILABLE and serves the TRANSFORM's inputs in metadata", async () => {
      const status = (await (await fetch(`${server.url}/v1/models/linear`)).json()) as {
        model_version_status: { version: string; state: string }[];
      };
      expect(status.model_version_status.map((s) => [s.version, s.state])).toEqual([
        ["2", "AVAILABLE"],
        ["1", "AVAILABLE"],
      ]);
      const meta = (await (await fetch(`${server.url}/v1/models/dnn/metadata`)).json()) as {
        metadata: {
          signature_def: { signature_def: Record<string, { inputs: Record<string, { dtype: string }> }> };
        };
      };
      const inputs = meta.metadata.signature_def.signature_def.predict!.inputs;
      expect(Object.keys(inputs).sort()).toEqual(["f1", "f2", "f3", "f4"]);
    });

    it.each([
      "/v1/models/linear:predict",
      "/v1/models/linear/versions/1:predict",
      "/v1/models/linear/labels/stable:predict",
    ])("runs raw rows through transform/ at %s", async (path) => {
      const entry = golden("linear_reg_transform");
      const { status, json } = await post(server, path, { instances: entry.instances });
      expect(status).toBe(200);
      expect(near(json.predictions, entry.predictions, entry.tolerance)).toBe(true);
    });

    it("answers the DNN by signature name and in the columnar form", async () => {
      const entry = golden("dnn_classifier_transform");
      const row = await post(server, "/v1/models/dnn:predict", {
        signature_name: "predict",
        instances: entry.instances,
      });
      expect(row.status).toBe(200);
      expect(near(row.json.predictions, entry.predictions, entry.tolerance)).toBe(true);
      const columns = Object.fromEntries(
        ["f1", "f2", "f3", "f4"].map((k) => [k, entry.instances.map((r) => r[k])]),
      );
      const col = await post(server, "/v1/models/dnn:predict", { inputs: columns });
      expect(col.status).toBe(200);
      expect((col.json.outputs as { classes: string[][] }).classes).toEqual([["aaa"], ["bbb"]]);
    });

    it("rejects bad rows with 400 naming the key, and unknown signatures", async () => {
      const extra = await post(server, "/v1/models/linear:predict", {
        instances: [{ f1: 1, f2: 2, f3: "a", zz: 1 }],
      });
      expect(extra.status).toBe(400);
      expect(extra.json.error).toContain('"zz" in not an input of the TRANSFORM');
      const int = await post(server, "/v1/models/linear:predict", {
        inputs: { f1: [1.5], f2: [2], f3: ["a"] },
      });
      expect(int.status).toBe(400);
      expect(int.json.error).toContain('"f1"');
      const sig = await post(server, "/v1/models/linear:predict", {
        signature_name: "nope",
        instances: [{ f1: 1 }],
      });
      expect(sig.status).toBe(400);
      expect(sig.json.error).toContain("nope");
      const garbage = await fetch(`${server.url}/v1/models/linear:predict`, {
        method: "POST",
        body: "{not json",
      });
      expect(garbage.status).toBe(400);
    });

    it("noTransform serves the model graph alone, as tensorflow/serving would", async () => {
      const entry = (sharedExpectations() as Expectation[]).find(
        (e) => e.model === "linear_reg_transform" && e.protocol === "tf_serving_rest_row",
      )!;
      const { status, json } = await post(plain, "/v1/models/linear:predict", { instances: entry.instances });
      expect(status).toBe(200);
      expect(near(json.predictions, entry.predictions, 1e-6 * 12)).toBe(true);
      const raw = await post(plain, "/v1/models/linear:predict", {
        instances: golden("linear_reg_transform").instances,
      });
      expect(raw.status).toBe(400);
    });
  },
);
