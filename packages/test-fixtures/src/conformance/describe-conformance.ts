import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, type ConformanceTarget, SEED_INSTANCE, send, TIP_INPUTS } from "./target.js";

/**
 * The TF Serving REST conformance suite: one vitest `describe` block to run against every server that
 * speaks the protocol (the fake, the embedded runtime, the API's proxy). Values are checked by shape
 * and type (real models give different numbers); errors by exact text and HTTP status.
 */
export function describeTfServingConformance(title: string, setup: () => Promise<ConformanceTarget>): void {
  describe(title, () => {
    let target: ConformanceTarget;
    beforeAll(async () => {
      target = await setup();
    });
    afterAll(async () => {
      await target?.close();
    });
    const get = (path: string): Promise<Answer> => send(target, "GET", path);
    const post = (path: string, body: unknown): Promise<Answer> =>
      send(target, "POST", path, typeof body === "string" ? body : JSON.stringify(body));
    const m = (): string => target.model;
    const predict = (body: unknown, suffix = ""): Promise<Answer> =>
      post(`/v1/models/${m()}${suffix}:predict`, body);
    const expectError = (a: Answer, status: number, message: string | RegExp): void => {
      expect(a.contentType).toContain("application/json");
      expect(a.status).toBe(status);
      const error = (a.json as { error?: unknown } | undefined)?.error;
      expect(typeof error).toBe("string");
      if (typeof message === "string") expect(error).toBe(message);
      else expect(error).toMatch(message);
    };
    const expectTipPredictions = (a: Answer, count: number): void => {
      expect(a.status, a.text).toBe(200);
      expect(a.contentType).toContain("application/json");
      const predictions = (a.json as { predictions: unknown[] }).predictions;
      expect(predictions).toHaveLength(count);
      for (const p of predictions) {
        expect(Array.isArray(p) && p.length === 1 && typeof p[0] === "number").toBe(true);
      }
    };

    describe("routing", () => {
      it("GET status in its three forms", async () => {
        const all = await get(`/v1/models/${m()}`);
        expect(all.status).toBe(200);
        const versions = (all.json as { model_version_status: { version: unknown; state: string }[] })
          .model_version_status;
        expect(versions.map((v) => v.version).sort()).toEqual(["1", "2"]);
        for (const v of versions)
          expect(v).toMatchObject({ state: "AVAILABLE", status: { error_code: "OK" } });
        const one = await get(`/v1/models/${m()}/versions/1`);
        expect((one.json as { model_version_status: unknown[] }).model_version_status).toEqual([
          { version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } },
        ]);
        const labelled = await get(`/v1/models/${m()}/labels/stable`);
        expect(
          (labelled.json as { model_version_status: { version: string }[] }).model_version_status[0]!.version,
        ).toBe("1");
      });

      it("GET metadata in its three forms", async () => {
        const latest = await get(`/v1/models/${m()}/metadata`);
        expect(latest.status, latest.text).toBe(200);
        const body = latest.json as {
          model_spec: Record<string, unknown>;
          metadata: { signature_def: { signature_def: Record<string, Record<string, unknown>> } };
        };
        expect(body.model_spec).toEqual({ name: m(), signature_name: "", version: "2" });
        const sig = body.metadata.signature_def.signature_def.serving_default as {
          inputs: Record<string, { dtype: string }>;
          outputs: Record<string, { dtype: string; tensor_shape: { dim: { size: string }[] } }>;
          method_name: string;
        };
        expect(Object.keys(sig.inputs).sort()).toEqual(TIP_INPUTS);
        expect(sig.inputs.PULocationID!.dtype).toBe("DT_STRING");
        expect(["DT_DOUBLE", "DT_FLOAT"]).toContain(sig.inputs.fare_amount!.dtype);
        expect(sig.method_name).toBe("tensorflow/serving/predict");
        const out = sig.outputs.predicted_tip_amount!;
        expect(out.dtype).toBe("DT_DOUBLE");
        expect(out.tensor_shape.dim.map((d) => d.size)).toEqual(["-1", "1"]);
        for (const path of [`/versions/1/metadata`, `/labels/stable/metadata`]) {
          const a = await get(`/v1/models/${m()}${path}`);
          expect((a.json as typeof body).model_spec.version).toBe("1");
        }
      });

      it("POST predict by default, version and label", async () => {
        for (const suffix of ["", "/versions/1", "/versions/2", "/labels/stable"]) {
          expectTipPredictions(await predict({ instances: [SEED_INSTANCE] }, suffix), 1);
        }
      });

      it("POST classify and regress reach the model by default, version and label", async () => {
        // A BigQuery ML export has only a predict signature: routing succeeds and the signature is refused (400);
        // an unknown version is 404.
        for (const verb of ["classify", "regress"]) {
          for (const suffix of ["", "/versions/1", "/labels/stable"]) {
            const a = await post(`/v1/models/${m()}${suffix}:${verb}`, { examples: [SEED_INSTANCE] });
            expect(a.status, a.text).toBe(400);
            expect(typeof (a.json as { error: unknown }).error).toBe("string");
          }
          const missing = await post(`/v1/models/${m()}/versions/3:${verb}`, { examples: [SEED_INSTANCE] });
          expect(missing.status).toBe(404);
        }
      });

      it("matches /v1 paths case-insensitively", async () => {
        expect((await get(`/V1/MODELS/${m()}`)).status).toBe(200);
      });

      it("answers application/json everywhere", async () => {
        expect((await get(`/v1/models/${m()}`)).contentType).toContain("application/json");
        expect((await get("/v1/models")).contentType).toContain("application/json");
      });
    });

    describe("predict", () => {
      it("row format: one [x] per instance for a [-1, 1] output", async () => {
        expectTipPredictions(
          await predict({ instances: [SEED_INSTANCE, { ...SEED_INSTANCE, payment_type: "1" }] }),
          2,
        );
        expectTipPredictions(
          await predict({ signature_name: "serving_default", instances: [SEED_INSTANCE] }),
          1,
        );
      });

      it("columnar format: the bare tensor for one output", async () => {
        const inputs = Object.fromEntries(Object.entries(SEED_INSTANCE).map(([k, v]) => [k, [v, v]]));
        const a = await predict({ inputs });
        expect(a.status, a.text).toBe(200);
        const outputs = (a.json as { outputs: unknown }).outputs as number[][];
        expect(outputs).toHaveLength(2);
        for (const o of outputs) expect(o.length === 1 && typeof o[0] === "number").toBe(true);
      });

      it('accepts {"b64": ...} for DT_STRING inputs', async () => {
        const b64 = Buffer.from("193").toString("base64");
        expectTipPredictions(await predict({ instances: [{ ...SEED_INSTANCE, PULocationID: { b64 } }] }), 1);
      });

      it("accepts NaN and Infinity tokens", async () => {
        const body = JSON.stringify({ instances: [SEED_INSTANCE] }).replace(
          '"fare_amount":20.4',
          '"fare_amount":NaN',
        );
        expect(body).toContain("NaN");
        expectTipPredictions(await predict(body), 1);
        const inf = JSON.stringify({ instances: [SEED_INSTANCE] }).replace(
          '"tolls_amount":0',
          '"tolls_amount":-Infinity',
        );
        expectTipPredictions(await predict(inf), 1);
      });

      it("several outputs: one object per instance (row), an object of tensors (columnar)", async (ctx) => {
        if (!target.multiOutputModel) return ctx.skip();
        const path = `/v1/models/${target.multiOutputModel}/metadata`;
        const meta = (await get(path)).json as {
          metadata: {
            signature_def: {
              signature_def: Record<
                string,
                {
                  inputs: Record<string, { dtype: string }>;
                  outputs: Record<string, { dtype: string; tensor_shape: { dim: { size: string }[] } }>;
                }
              >;
            };
          };
        };
        const sig = meta.metadata.signature_def.signature_def.serving_default!;
        const instance = Object.fromEntries(
          Object.entries(sig.inputs).map(([k, t]) => [k, t.dtype === "DT_STRING" ? "a" : 1.5]),
        );
        const a = await post(`/v1/models/${target.multiOutputModel}:predict`, {
          instances: [instance, instance],
        });
        expect(a.status, a.text).toBe(200);
        const predictions = (a.json as { predictions: Record<string, unknown>[] }).predictions;
        expect(predictions).toHaveLength(2);
        const names = Object.keys(sig.outputs).sort();
        for (const p of predictions) {
          expect(Object.keys(p).sort()).toEqual(names);
          for (const [name, out] of Object.entries(sig.outputs)) {
            const dims = out.tensor_shape.dim.map((d) => Number(d.size));
            const value = p[name];
            if (dims.length === 2 && dims[1]! > 0) expect((value as unknown[]).length).toBe(dims[1]);
            const leaf = Array.isArray(value) ? value[0] : value;
            expect(typeof leaf).toBe(out.dtype === "DT_STRING" ? "string" : "number");
          }
        }
        const columns = Object.fromEntries(Object.entries(instance).map(([k, v]) => [k, [v]]));
        const c = await post(`/v1/models/${target.multiOutputModel}:predict`, { inputs: columns });
        expect(Object.keys((c.json as { outputs: Record<string, unknown> }).outputs).sort()).toEqual(names);
      });
    });

    describe("errors", () => {
      it("Malformed request and Missing model name", async () => {
        expectError(
          await post(`/v1/models/${m()}/metadata`, {}),
          400,
          `Malformed request: POST /v1/models/${m()}/metadata`,
        );
        expectError(
          await get(`/v1/models/${m()}:predict`),
          400,
          `Malformed request: GET /v1/models/${m()}:predict`,
        );
        expectError(
          await get(`/v1/models/${m()}/version/5`),
          400,
          `Malformed request: GET /v1/models/${m()}/version/5`,
        );
        expectError(
          await get(`/v1/models/${m()}/versions/abc`),
          400,
          `Malformed request: GET /v1/models/${m()}/versions/abc`,
        );
        expectError(
          await post(`/v1/models/${m()}/versions/1/labels/stable:predict`, { instances: [SEED_INSTANCE] }),
          400,
          `Malformed request: POST /v1/models/${m()}/versions/1/labels/stable:predict`,
        );
        expectError(await get("/v1/models"), 400, "Missing model name in request.");
      });

      it("unknown signature, missing or both input keys", async () => {
        expectError(
          await predict({ signature_name: "nope", instances: [SEED_INSTANCE] }),
          400,
          'Serving signature name: "nope" not found in signature def',
        );
        expectError(
          await predict({ signature_name: "serving_default" }),
          400,
          "Missing 'inputs' or 'instances' key",
        );
        expectError(
          await predict({ instances: [SEED_INSTANCE], inputs: {} }),
          400,
          /^JSON Value: [\s\S]+ Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist $/,
        );
        expectError(await predict({ instances: [] }), 400, /No values in 'instances' array$/);
        expectError(await predict("{not json"), 400, /^JSON Parse error: /);
      });

      it("wrong key set, unknown key, wrong JSON type, inconsistent batch size", async () => {
        const { tolls_amount: _, ...missing } = SEED_INSTANCE;
        expectError(
          await predict({ instances: [missing] }),
          400,
          new RegExp(
            `^Failed to process element: 0 of 'instances' list\\. JSON object: \\{[\\s\\S]+\\} keys must be equal to: ${TIP_INPUTS.join(",")}$`,
          ),
        );
        expectError(
          await predict({ instances: [{ ...SEED_INSTANCE, extra: 1 }] }),
          400,
          /^Failed to process element: 0 key: extra of 'instances' list\. Error: (INVALID_ARGUMENT: )?JSON object: does not have named input: extra$/,
        );
        expectError(
          await predict({ instances: [{ ...SEED_INSTANCE, PULocationID: 193 }] }),
          400,
          /^Failed to process element: 0 key: PULocationID of 'instances' list\. Error: (INVALID_ARGUMENT: )?JSON Value: 193 Type: Number is not of expected type: string$/,
        );
        expectError(
          await predict({ instances: [SEED_INSTANCE, { ...SEED_INSTANCE, trip_distance: [1, 2] }] }),
          400,
          /^Failed to process element: 1 key: trip_distance of 'instances' list\. Error: (INVALID_ARGUMENT: )?Expecting tensor size: 1 but got: 2$/,
        );
      });

      it("unknown model, version and label", async () => {
        expectError(
          await predict({ instances: [SEED_INSTANCE] }, "/versions/3"),
          404,
          `Servable not found for request: Specific(${m()}, 3)`,
        );
        expectError(
          await post("/v1/models/no_such_model:predict", { instances: [SEED_INSTANCE] }),
          404,
          "Servable not found for request: Latest(no_such_model)",
        );
        expectError(
          await get("/v1/models/no_such_model"),
          404,
          "Could not find any versions of model no_such_model",
        );
        expectError(
          await get(`/v1/models/${m()}/versions/3`),
          404,
          `Could not find version 3 of model ${m()}`,
        );
        expectError(
          await get("/v1/models/no_such_model/metadata"),
          404,
          "Servable not found for request: Latest(no_such_model)",
        );
        expectError(
          await predict({ instances: [SEED_INSTANCE] }, "/labels/nope"),
          400,
          "Unrecognized servable version label: nope",
        );
      });

      it("reports LOADING with 200 and refuses to predict until AVAILABLE", async (ctx) => {
        const loading = target.loadingModel;
        if (!loading) return ctx.skip();
        const a = await get(`/v1/models/${loading}`);
        expect(a.status).toBe(200);
        const states = (a.json as { model_version_status: { state: string }[] }).model_version_status.map(
          (v) => v.state,
        );
        expect(states).toContain("LOADING");
        expectError(
          await post(`/v1/models/${loading}:predict`, { instances: [SEED_INSTANCE] }),
          404,
          `Servable not found for request: Latest(${loading})`,
        );
      });
    });
  });
}
