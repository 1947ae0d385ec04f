import { BqdeployError } from "../errors/index.js";
import { decodeBase64Object, isBase64Object, type Tensor } from "../protocol/index.js";
import type { EncodingPlan } from "./encoding-plan.js";
import type { FeatureEncoder } from "./feature-encoder.js";

/**
 * Encodes row-format instances (`{"f1": "b", "f2": ["a"], "f3": 3}`) as Google's predictor does: each
 * instance must hold exactly the model's features. A model with one feature also takes bare values.
 */
export function encodeInstances(plan: EncodingPlan, instances: readonly unknown[]): Float32Array {
  const { encoders, width } = plan;
  if (!Array.isArray(instances)) throw invalid("instances must be a list with one object per row");
  const out = new Float32Array(instances.length * width).fill(Number.NaN);
  instances.forEach((instance, row) => {
    const at = row * width;
    if (typeof instance !== "object" || instance === null || Array.isArray(instance)) {
      if (encoders.length === 1) {
        encoders[0]!.encodeValue(binaryAsText(encoders[0]!, instance), out, at, row);
        return;
      }
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        `Row ${row} is not an object; send {${encoders.map((e) => `"${e.name}": ...`).join(", ")}}.`,
        { details: { row } },
      );
    }
    const fields = instance as Record<string, unknown>;
    checkKeys(plan, Object.keys(fields), row);
    for (const encoder of encoders)
      encoder.encodeValue(binaryAsText(encoder, fields[encoder.name]), out, at, row);
  });
  return out;
}

/**
 * TF Serving's binary form of a DT_STRING value, `{"b64": "..."}` (also as an array item), as the text
 * its bytes spell: vocabularies are UTF-8 text, so "MTkz" finds the line "193" as "193" does.
 */
function binaryAsText(encoder: FeatureEncoder, value: unknown): unknown {
  if (encoder.input.dtype !== "DT_STRING") return value;
  const text = (v: unknown): unknown =>
    isBase64Object(v) ? Buffer.from(decodeBase64Object(v), "latin1").toString("utf8") : v;
  return Array.isArray(value) ? value.map(text) : text(value);
}

function checkKeys(plan: EncodingPlan, keys: string[], row: number): void {
  const names = plan.encoders.map((e) => e.name);
  const missing = names.filter((n) => !keys.includes(n));
  const extra = keys.filter((k) => !names.includes(k));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length ? `lacks ${missing.join(", ")}` : "",
    extra.length ? `has ${extra.join(", ")} which the model does not take` : "",
  ].filter(Boolean);
  throw new BqdeployError(
    "INVALID_ARGUMENT",
    `Row ${row} ${parts.join(" and ")}; the model's features are ${[...names].sort().join(", ")}.`,
    { details: { row, missing, extra } },
  );
}

/**
 * Encodes named input tensors (one per feature, as the signature declares them). A numeric feature also
 * accepts DT_STRING data, so `""` can ask for the training mean; string features also accept numbers.
 * Returns the encoded rows and their count.
 */
export function encodeTensors(
  plan: EncodingPlan,
  inputs: Record<string, Tensor>,
): { rows: number; features: Float32Array } {
  const { encoders, width } = plan;
  let rows = -1;
  for (const encoder of encoders) {
    const tensor = inputs[encoder.name];
    if (!tensor)
      throw invalid(
        `input ${encoder.name} is missing; the model takes ${encoders.map((e) => e.name).join(", ")}`,
      );
    const want = encoder.input.shape ?? [];
    if (tensor.shape.length !== want.length || want.some((d, k) => d !== -1 && tensor.shape[k] !== d)) {
      throw invalid(
        `input ${encoder.name} has shape [${tensor.shape.join(", ")}]; the model takes [${want.join(", ")}]`,
      );
    }
    const n = tensor.shape[0]!;
    if (rows !== -1 && n !== rows)
      throw invalid(`input ${encoder.name} has ${n} rows, other inputs have ${rows}`);
    rows = n;
  }
  rows = Math.max(rows, 0);
  const features = new Float32Array(rows * width).fill(Number.NaN);
  for (const encoder of encoders) {
    const tensor = inputs[encoder.name]!;
    const { data, shape } = tensor;
    if (shape.length === 1 && encoder.encoding === "numerical_identity" && !Array.isArray(data)) {
      // The common case, kept tight: numbers straight into their column.
      for (let r = 0; r < rows; r++) features[r * width + encoder.offset] = data[r]!;
      continue;
    }
    const inner = shape.slice(1).reduce((a, b) => a * b, 1);
    for (let r = 0; r < rows; r++) {
      const value = shape.length === 1 ? element(data, r) : nest(data, r * inner, shape.slice(1));
      encoder.encodeValue(value, features, r * width, r);
    }
  }
  return { rows, features };
}

function element(data: Tensor["data"], i: number): unknown {
  return data[i];
}

/** The slice of one row as nested arrays (shape without the batch dimension). */
function nest(data: Tensor["data"], start: number, dims: number[]): unknown[] {
  const [first, ...rest] = dims;
  const inner = rest.reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let k = 0; k < first!; k++) {
    out.push(rest.length === 0 ? element(data, start + k) : nest(data, start + k * inner, rest));
  }
  return out;
}

function invalid(what: string): BqdeployError {
  return new BqdeployError("INVALID_ARGUMENT", `${what[0]!.toUpperCase()}${what.slice(1)}.`);
}

/**
 * Columnar request inputs (`{"f1": [...], "f2": [[...], [...]], "f3": [...]}`, each a list over rows; a
 * model with one feature also takes the bare list) as row instances, so ragged arrays and `""` keep
 * Google's predictor semantics.
 */
export function instancesFromColumns(plan: EncodingPlan, inputs: unknown): Record<string, unknown>[] {
  const names = plan.encoders.map((e) => e.name);
  const columns: Record<string, unknown> =
    Array.isArray(inputs) && names.length === 1
      ? { [names[0]!]: inputs }
      : (inputs as Record<string, unknown>);
  if (typeof columns !== "object" || columns === null || Array.isArray(columns)) {
    throw invalid(`inputs must be an object with one list per feature (${names.join(", ")})`);
  }
  // Checked here too: without any column there are no rows for the row checks to catch it.
  const missing = names.find((name) => !Object.hasOwn(columns, name));
  if (missing !== undefined)
    throw invalid(`input ${missing} is missing; the model takes ${names.join(", ")}`);
  let rows = -1;
  for (const [name, column] of Object.entries(columns)) {
    if (!Array.isArray(column)) throw invalid(`input ${name} must be a list with one value per row`);
    if (rows !== -1 && column.length !== rows)
      throw invalid(`input ${name} has ${column.length} rows, other inputs have ${rows}`);
    rows = column.length;
  }
  return Array.from({ length: Math.max(rows, 0) }, (_, r) =>
    Object.fromEntries(Object.entries(columns).map(([name, column]) => [name, (column as unknown[])[r]])),
  );
}
