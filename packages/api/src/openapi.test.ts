import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness } from "./__tests__/harness.js";
import { SERVING_PATHS } from "./routes/serving-docs.js";

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
}

/** `/models/{name}` -> `/models/:name` (Hono's route syntax). */
const toHono = (path: string): string => path.replace(/\{(\w+)\}/g, ":$1");

describe("the OpenAPI document", () => {
  let h: Harness;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    h = harness();
    doc = (await (await h.call("GET", "/openapi.json")).json()) as OpenApiDoc;
  });
  afterAll(() => h.close());

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents every route and only routes that exist", () => {
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // Middleware are registered as ALL *; the /v1 proxy is middleware documented path by path.
    const routes = new Set(
      h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`),
    );
    const managementDocs = [...documented].filter((d) => !d.includes(" /v1/"));
    expect(new Set(managementDocs.map((d) => toHono(d)))).toEqual(routes);
    const servingDocs = [...documented].filter((d) => d.includes(" /v1/")).sort();
    expect(servingDocs).toEqual(SERVING_PATHS.map((p) => `${p.method.toUpperCase()} ${p.path}`).sort());
  });

  it("every documented /v1 path reaches the proxy (TF Serving's answer, not the API's 404)", async () => {
    for (const { method, path } of SERVING_PATHS) {
      const concrete = path
        .replace("{model}", "nobody")
        .replace("{version}", "1")
        .replace("{label}", "stable");
      const res = await h.call(
        method.toUpperCase(),
        concrete,
        method === "post" ? { instances: [1] } : undefined,
      );
      const body = (await res.json()) as { error: unknown };
      expect(typeof body.error, `${method} ${concrete}`).toBe("string");
    }
  });
});
