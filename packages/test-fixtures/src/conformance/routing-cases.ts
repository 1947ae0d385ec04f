import { expect, it } from "vitest";
import { expectError, expectPredictions } from "./answer-checks.js";
import { type Suite, UNVERSIONED } from "./describe-conformance.js";
import { type ConformanceTensor, dtypesOf, PREDICT_METHOD } from "./model.js";

interface TensorInfoJson {
  dtype: string;
  tensor_shape: { dim: { size: string; name: string }[]; unknown_rank: boolean };
  name: string;
}
interface SignatureJson {
  inputs: Record<string, TensorInfoJson>;
  outputs: Record<string, TensorInfoJson>;
  method_name: string;
}
interface MetadataJson {
  model_spec: Record<string, unknown>;
  metadata: { signature_def: { signature_def: Record<string, SignatureJson> } };
}
type StatusJson = { model_version_status: { version: string; state: string; status: unknown }[] };

/** A signature's tensors in the metadata match the description: names, dtypes, shapes (sizes as strings). */
function expectTensors(
  actual: Record<string, TensorInfoJson>,
  expected: Record<string, ConformanceTensor>,
): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name]!;
    expect(dtypesOf(want), name).toContain(got.dtype);
    expect(got.tensor_shape.unknown_rank, name).toBe(false);
    expect(
      got.tensor_shape.dim.map((d) => d.size),
      name,
    ).toEqual(want.shape.map(String));
    expect(typeof got.name).toBe("string");
  }
}

/** Status, metadata and the routes to predict, classify and regress. */
export function routingCases(s: Suite): void {
  it("GET status: every version AVAILABLE, by itself and by number", async () => {
    const all = await s.get(`/v1/models/${s.m()}`);
    expect(all.status, all.text).toBe(200);
    const versions = (all.json as StatusJson).model_version_status;
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(typeof v.version).toBe("string");
      expect(v).toMatchObject({ state: "AVAILABLE", status: { error_code: "OK" } });
    }
    if (s.versioned()) expect(versions.map((v) => v.version).sort()).toEqual(["1", "2"]);
    const version = s.versioned() ? "1" : await s.latest();
    const one = await s.get(`/v1/models/${s.m()}/versions/${version}`);
    expect((one.json as StatusJson).model_version_status).toEqual([
      { version, state: "AVAILABLE", status: { error_code: "OK", error_message: "" } },
    ]);
  });

  it("GET status and metadata by label, metadata by version", async (ctx) => {
    if (!s.versioned()) ctx.skip(UNVERSIONED);
    const labelled = await s.get(`/v1/models/${s.m()}/labels/stable`);
    expect((labelled.json as StatusJson).model_version_status[0]!.version).toBe("1");
    for (const path of ["/versions/1/metadata", "/labels/stable/metadata"]) {
      const a = await s.get(`/v1/models/${s.m()}${path}`);
      expect(a.status, a.text).toBe(200);
      expect((a.json as MetadataJson).model_spec.version).toBe("1");
    }
  });

  it("GET metadata lists the signature: inputs, outputs, dtypes, shapes and method", async () => {
    const model = s.model();
    const a = await s.get(`/v1/models/${s.m()}/metadata`);
    expect(a.status, a.text).toBe(200);
    const body = a.json as MetadataJson;
    expect(body.model_spec).toEqual({ name: s.m(), signature_name: "", version: await s.latest() });
    const signatures = body.metadata.signature_def.signature_def;
    expect(Object.keys(signatures)).toEqual(
      expect.arrayContaining([...(model.signatureNames ?? []), "serving_default"]),
    );
    const sig = signatures.serving_default!;
    expect(sig.method_name).toBe(model.methodName ?? PREDICT_METHOD);
    expectTensors(sig.inputs, model.inputs);
    expectTensors(sig.outputs, model.outputs);
  });

  it("POST predict by default, version and label", async () => {
    const suffixes = s.versioned() ? ["", "/versions/1", "/versions/2", "/labels/stable"] : [""];
    for (const suffix of suffixes)
      expectPredictions(await s.predict({ instances: [s.model().instances[0]] }, suffix), s.model(), 1);
  });

  it("POST predict by every signature name the metadata lists", async () => {
    const names = new Set(["serving_default", ...(s.model().signatureNames ?? [])]);
    for (const signature_name of names) {
      const a = await s.predict({ signature_name, instances: [s.model().instances[0]] });
      expectPredictions(a, s.model(), 1);
    }
  });

  it("POST classify and regress reach the model by default, version and label", async (ctx) => {
    const method = s.model().methodName ?? PREDICT_METHOD;
    if (method !== PREDICT_METHOD) ctx.skip(`the model's signature is ${method}, not predict`);
    // A BigQuery ML export has only predict signatures: routing succeeds and the signature is refused (400);
    // an unknown version is 404.
    const example = s.model().instances[0];
    const missing = s.versioned() ? "3" : String(Number(await s.latest()) + 1);
    for (const [verb, noun] of [
      ["classify", "classification"],
      ["regress", "regression"],
    ] as const) {
      for (const suffix of s.versioned() ? ["", "/versions/1", "/labels/stable"] : [""]) {
        expectError(
          await s.post(`/v1/models/${s.m()}${suffix}:${verb}`, { examples: [example] }),
          400,
          `Expected ${noun} signature method_name to be tensorflow/serving/${verb}. Was: ${method}`,
        );
      }
      expectError(
        await s.post(`/v1/models/${s.m()}/versions/${missing}:${verb}`, { examples: [example] }),
        404,
        `Servable not found for request: Specific(${s.m()}, ${missing})`,
      );
    }
  });

  it("matches /v1 paths case-insensitively", async () => {
    expect((await s.get(`/V1/MODELS/${s.m()}`)).status).toBe(200);
  });

  it("answers application/json everywhere", async () => {
    expect((await s.get(`/v1/models/${s.m()}`)).contentType).toContain("application/json");
    expect((await s.get(`/v1/models/${s.m()}/metadata`)).contentType).toContain("application/json");
    expect((await s.get("/v1/models")).contentType).toContain("application/json");
  });
}
