import { expect, it } from "vitest";
import { escapeRegExp, expectError, expectErrorNaming } from "./answer-checks.js";
import type { Suite } from "./describe-conformance.js";
import { columns, dtypesOf, inputNames, type Instance, numericInputs, stringInputs } from "./model.js";

// TF's DataTypeString names, as its JSON decoder prints them.
const TF_TYPE: Record<string, string> = {
  DT_FLOAT: "float",
  DT_DOUBLE: "double",
  DT_INT32: "int32",
  DT_INT64: "int64",
  DT_STRING: "string",
};

/** TF Serving's text for a problem with `key` of element `row` of 'instances'. */
const elementError = (row: number, key: string, error: string): RegExp =>
  new RegExp(
    `^Failed to process element: ${row} key: ${escapeRegExp(key)} of 'instances' list\\. Error: (INVALID_ARGUMENT: )?${error}$`,
  );

const without = (instance: Instance, key: string): Instance =>
  Object.fromEntries(Object.entries(instance).filter(([k]) => k !== key));

/** Errors: texts and statuses of malformed requests, bad rows and unknown models, versions, labels. */
export function errorCases(s: Suite): void {
  const predictor = (): boolean => s.model().inputErrors === "bigquery_ml_predictor";

  it("Malformed request and Missing model name", async () => {
    const m = s.m();
    const malformed = (method: string, path: string) => `Malformed request: ${method} ${path}`;
    expectError(
      await s.post(`/v1/models/${m}/metadata`, {}),
      400,
      malformed("POST", `/v1/models/${m}/metadata`),
    );
    expectError(await s.get(`/v1/models/${m}:predict`), 400, malformed("GET", `/v1/models/${m}:predict`));
    expectError(await s.get(`/v1/models/${m}/version/5`), 400, malformed("GET", `/v1/models/${m}/version/5`));
    expectError(
      await s.get(`/v1/models/${m}/versions/abc`),
      400,
      malformed("GET", `/v1/models/${m}/versions/abc`),
    );
    const both = `/v1/models/${m}/versions/1/labels/stable:predict`;
    expectError(await s.post(both, { instances: [s.model().instances[0]] }), 400, malformed("POST", both));
    expectError(await s.get("/v1/models"), 400, "Missing model name in request.");
  });

  it("unknown signature, missing, both or empty input keys, malformed JSON", async () => {
    const [instance] = s.model().instances;
    expectError(
      await s.predict({ signature_name: "nope", instances: [instance] }),
      400,
      'Serving signature name: "nope" not found in signature def',
    );
    expectError(
      await s.predict({ signature_name: "serving_default" }),
      400,
      "Missing 'inputs' or 'instances' key",
    );
    expectError(
      await s.predict({ instances: [instance], inputs: {} }),
      400,
      /^JSON Value: [\s\S]+ Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist $/,
    );
    expectError(await s.predict({ instances: [] }), 400, /No values in 'instances' array$/);
    expectError(await s.predict("{not json"), 400, /^JSON Parse error: /);
    // No input at all in the columnar form: TF Serving names the first input it looks for.
    const names = inputNames(s.model()).map(escapeRegExp).join("|");
    expectError(
      await s.predict({ inputs: {} }),
      400,
      predictor()
        ? new RegExp(`(^|\\W)(${names})(\\W|$)`)
        : new RegExp(`^Missing named input: (${names}) in 'inputs' object\\.$`),
    );
  });

  it("a row without one of the inputs: 400 naming it", async () => {
    const model = s.model();
    const names = inputNames(model);
    const key = names.at(-1)!;
    const a = await s.predict({ instances: [without(model.instances[0], key)] });
    if (!predictor()) {
      expectError(
        a,
        400,
        new RegExp(
          `^Failed to process element: 0 of 'instances' list\\. JSON object: \\{[\\s\\S]+\\} keys must be equal to: ${names.map(escapeRegExp).join(",")}$`,
        ),
      );
      return;
    }
    const text = expectErrorNaming(a, key);
    if (names.length > 1) {
      // The message says which input is missing, not only which inputs exist.
      const other = await s.predict({ instances: [without(model.instances[0], names[0]!)] });
      expect(expectErrorNaming(other, names[0]!)).not.toBe(text);
    }
  });

  it("a row with a key that is not an input: 400 naming it", async () => {
    const a = await s.predict({ instances: [{ ...s.model().instances[0], extra: 1 }] });
    if (predictor()) expectErrorNaming(a, "extra");
    else expectError(a, 400, elementError(0, "extra", "JSON object: does not have named input: extra"));
  });

  it("a value of the wrong JSON type: 400 naming the input", async (ctx) => {
    const model = s.model();
    const [instance] = model.instances;
    if (predictor()) {
      const [key] = numericInputs(model);
      if (!key) return ctx.skip("the model has no numeric input with one number per row");
      expectErrorNaming(await s.predict({ instances: [{ ...instance, [key]: "not a number" }] }), key);
      return;
    }
    const [text] = stringInputs(model);
    if (text) {
      expectError(
        await s.predict({ instances: [{ ...instance, [text]: 193 }] }),
        400,
        elementError(0, text, "JSON Value: 193 Type: Number is not of expected type: string"),
      );
      return;
    }
    const [number] = numericInputs(model);
    if (!number) return ctx.skip("the model has no scalar string or numeric input");
    const types = dtypesOf(model.inputs[number]!)
      .map((d) => TF_TYPE[d])
      .join("|");
    expectError(
      await s.predict({ instances: [{ ...instance, [number]: "x" }] }),
      400,
      elementError(0, number, `JSON Value: "x" Type: String is not of expected type: (${types})`),
    );
  });

  it("a list where one value per row is expected: 400 naming the input", async (ctx) => {
    const model = s.model();
    const key = numericInputs(model).at(-1);
    if (!key) return ctx.skip("the model has no numeric input with one number per row");
    const [instance] = model.instances;
    const a = await s.predict({ instances: [instance, { ...instance, [key]: [1, 2] }] });
    if (predictor()) expectErrorNaming(a, key);
    else expectError(a, 400, elementError(1, key, "Expecting tensor size: 1 but got: 2"));
  });

  it("columnar format without one of the inputs: 400 naming it", async () => {
    const model = s.model();
    const key = inputNames(model)[0]!;
    const { [key]: _, ...rest } = columns(model, model.instances);
    const a = await s.predict({ inputs: rest });
    if (predictor()) expectErrorNaming(a, key);
    else expectError(a, 400, `Missing named input: ${key} in 'inputs' object.`);
  });

  it("unknown model, version and label", async () => {
    const m = s.m();
    const [instance] = s.model().instances;
    const missing = s.versioned() ? "3" : String(Number(await s.latest()) + 1);
    expectError(
      await s.predict({ instances: [instance] }, `/versions/${missing}`),
      404,
      `Servable not found for request: Specific(${m}, ${missing})`,
    );
    expectError(
      await s.post("/v1/models/no_such_model:predict", { instances: [instance] }),
      404,
      "Servable not found for request: Latest(no_such_model)",
    );
    expectError(
      await s.get("/v1/models/no_such_model"),
      404,
      "Could not find any versions of model no_such_model",
    );
    expectError(
      await s.get(`/v1/models/${m}/versions/${missing}`),
      404,
      `Could not find version ${missing} of model ${m}`,
    );
    expectError(
      await s.get("/v1/models/no_such_model/metadata"),
      404,
      "Servable not found for request: Latest(no_such_model)",
    );
    expectError(
      await s.predict({ instances: [instance] }, "/labels/nope"),
      400,
      "Unrecognized servable version label: nope",
    );
  });

  it("reports LOADING with 200 and refuses to predict until AVAILABLE", async (ctx) => {
    const loading = s.target().loadingModel;
    if (!loading) return ctx.skip("the target names no loading model");
    const a = await s.get(`/v1/models/${loading}`);
    expect(a.status).toBe(200);
    const states = (a.json as { model_version_status: { state: string }[] }).model_version_status.map(
      (v) => v.state,
    );
    expect(states).toContain("LOADING");
    expectError(
      await s.post(`/v1/models/${loading}:predict`, { instances: [s.model().instances[0]] }),
      404,
      `Servable not found for request: Latest(${loading})`,
    );
  });
}
