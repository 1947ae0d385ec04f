import { expect, it } from "vitest";
import { expectColumnarOutputs, expectNear, expectPredictions } from "./answer-checks.js";
import type { Suite } from "./describe-conformance.js";
import { columns, floatInputs, type Instance, stringInputs } from "./model.js";

/** A row-format body whose `key` in the first instance is the bare JSON token `token` (NaN, Infinity). */
function withToken(instance: Instance, key: string, token: string): string {
  const marker = "__conformance_token__";
  const body = JSON.stringify({ instances: [{ ...instance, [key]: marker }] });
  return body.replace(`"${marker}"`, token);
}

/** Predict in both body formats, batches, binary strings and non-finite numbers. */
export function predictCases(s: Suite): void {
  it("row format: N instances give N rows shaped like the outputs, each as it is alone", async () => {
    const model = s.model();
    const batch = [...model.instances, model.instances[0]];
    const rows = expectPredictions(await s.predict({ instances: batch }), model, batch.length);
    for (const [i, instance] of batch.entries()) {
      const [alone] = expectPredictions(await s.predict({ instances: [instance] }), model, 1);
      expect(rows[i], `row ${i}`).toEqual(alone);
    }
    expectPredictions(
      await s.predict({ signature_name: "serving_default", instances: [model.instances[0]] }),
      model,
      1,
    );
  });

  it("columnar format: the outputs of the row format, as tensors (bare for one output)", async () => {
    const model = s.model();
    const rows = expectPredictions(
      await s.predict({ instances: model.instances }),
      model,
      model.instances.length,
    );
    const a = await s.predict({ inputs: columns(model, model.instances) });
    expect(expectColumnarOutputs(a, model, model.instances.length)).toEqual(rows);
  });

  it("row format: the values expected for the model's instances", async (ctx) => {
    const model = s.model();
    if (!model.expected) return ctx.skip("the description gives no expected predictions");
    const rows = expectPredictions(
      await s.predict({ instances: model.instances }),
      model,
      model.instances.length,
    );
    expectNear(rows, model.expected.predictions, model.expected.tolerance, "predictions");
  });

  it('accepts {"b64": ...} for DT_STRING inputs', async (ctx) => {
    const model = s.model();
    const [key] = stringInputs(model);
    if (!key) return ctx.skip("the model has no DT_STRING input with one string per row");
    const [instance] = model.instances;
    const b64 = Buffer.from(instance[key] as string).toString("base64");
    const [plain] = expectPredictions(await s.predict({ instances: [instance] }), model, 1);
    const [binary] = expectPredictions(
      await s.predict({ instances: [{ ...instance, [key]: { b64 } }] }),
      model,
      1,
    );
    expect(binary).toEqual(plain);
  });

  it("accepts NaN and Infinity tokens", async (ctx) => {
    const model = s.model();
    const keys = floatInputs(model);
    if (keys.length === 0)
      return ctx.skip("the model has no DT_FLOAT or DT_DOUBLE input with one number per row");
    const nan = withToken(model.instances[0], keys[0]!, "NaN");
    expect(nan).toMatch(/:NaN[,}]/);
    // Shapes and types only: what a model computes from NaN is its own affair (often NaN).
    expectPredictions(await s.predict(nan), model, 1, false);
    const inf = withToken(model.instances[0], keys.at(-1)!, "-Infinity");
    expectPredictions(await s.predict(inf), model, 1, false);
  });

  it("several outputs: one object per instance (row), an object of tensors (columnar)", async (ctx) => {
    const other = s.target().multiOutputModel;
    if (!other) return ctx.skip("the target names no multi-output model");
    const meta = (await s.get(`/v1/models/${other}/metadata`)).json as {
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
    const a = await s.post(`/v1/models/${other}:predict`, { instances: [instance, instance] });
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
    const columnar = Object.fromEntries(Object.entries(instance).map(([k, v]) => [k, [v]]));
    const c = await s.post(`/v1/models/${other}:predict`, { inputs: columnar });
    expect(Object.keys((c.json as { outputs: Record<string, unknown> }).outputs).sort()).toEqual(names);
  });
}
