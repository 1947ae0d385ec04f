import { formatFloat } from "./decimal-format.js";
import { decodeBase64Object, isBase64Object, isJsonObject, jsonTypeName } from "./json-tensor.js";
import { jsonValueText } from "./pretty-writer.js";
import { parseRequestBody } from "./predict-request.js";
import { invalidArgument } from "./serving-error.js";

/** One tf.Example feature as the REST API builds it from JSON. */
export interface Feature {
  kind: "bytes" | "float" | "int64";
  values: (string | number)[];
}

/** A tf.Example: feature name -> values. */
export type Example = Record<string, Feature>;

export interface DecodedExamplesRequest {
  signatureName: string;
  /** The shared `context` features, when given. */
  context?: Example;
  examples: Example[];
}

/**
 * Decodes a classify or regress body (json_tensor.cc FillClassifyRegressRequestFromJson):
 * `{"signature_name"?, "context"?: {...}, "examples": [{...}, ...]}`, with TF Serving's errors.
 */
export function decodeExamplesRequest(
  body: string | unknown,
  verb: "classify" | "regress",
): DecodedExamplesRequest {
  const { json, signatureName } = parseRequestBody(body);
  const out: DecodedExamplesRequest = { signatureName, examples: [] };
  if (json.context !== undefined) out.context = toExample(json.context);
  const examples = json.examples;
  if (examples === undefined) {
    throw invalidArgument(
      `JSON Value: ${jsonValueText(json)} When method is ${verb}, key 'examples' is expected and was not found`,
    );
  }
  if (!Array.isArray(examples)) {
    throw invalidArgument(
      `JSON Value: ${jsonValueText(json)} Expecting 'examples' value to be an list/array`,
    );
  }
  if (examples.length === 0)
    throw invalidArgument(`JSON Value: ${jsonValueText(json)} 'examples' value is an empty array`);
  for (const e of examples) out.examples.push(toExample(e));
  return out;
}

function toExample(value: unknown): Example {
  if (!isJsonObject(value))
    throw invalidArgument(`Example must be JSON object but got JSON ${jsonTypeName(value)}`);
  const example: Example = {};
  for (const [name, content] of Object.entries(value)) {
    const feature: Feature = { kind: "float", values: [] };
    let kind: Feature["kind"] | undefined;
    for (const v of Array.isArray(content) ? content : [content]) {
      const [k, parsed] = featureValue(v, name);
      if (kind !== undefined && kind !== k) {
        throw invalidArgument(
          `Unexpected element type in feature: ${name} expecting type: ${kindText(kind)}`,
        );
      }
      kind = k;
      feature.values.push(parsed);
    }
    feature.kind = kind ?? "float";
    Object.defineProperty(example, name, {
      value: feature,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return example;
}

const kindText = (kind: Feature["kind"]): string => kind;

function featureValue(v: unknown, name: string): [Feature["kind"], string | number] {
  if (typeof v === "boolean") return ["int64", v ? 1 : 0];
  if (typeof v === "string") return ["bytes", v];
  if (typeof v === "number") return Number.isInteger(v) ? ["int64", v] : ["float", Math.fround(v)];
  if (isBase64Object(v)) return ["bytes", decodeBase64Object(v)];
  throw invalidArgument(`Feature: ${name} has element with unexpected JSON type: ${jsonTypeName(v)}`);
}

/** Classify results as TF Serving writes them: `{"results": [[[label, score], ...], ...]}`. */
export function encodeClassifyResponse(results: readonly (readonly [string, number])[][]): string {
  if (results.length === 0) throw invalidArgument("Cannot convert empty ClassificationResults to JSON");
  const rows = results.map(
    (classes) =>
      `[${classes.map(([label, score]) => `[${JSON.stringify(label)}, ${formatFloat(Math.fround(score))}]`).join(", ")}]`,
  );
  return `{\n    "results": [${rows.join(", ")}\n    ]\n}`;
}

/** Regress results as TF Serving writes them: `{"results": [v, ...]}`. */
export function encodeRegressResponse(values: readonly number[]): string {
  if (values.length === 0) throw invalidArgument("Cannot convert empty RegressionResults to JSON");
  return `{\n    "results": [${values.map((v) => formatFloat(Math.fround(v))).join(", ")}]\n}`;
}
