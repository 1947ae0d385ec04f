import { expect } from "vitest";
import { type ConformanceModel, type ConformanceTensor, dtypesOf } from "./model.js";
import type { Answer } from "./target.js";

/** A TF Serving error: JSON `{"error": <string>}` with this status and text (exact, or matching). */
export function expectError(a: Answer, status: number, message: string | RegExp): string {
  expect(a.contentType).toContain("application/json");
  expect(a.status, a.text).toBe(status);
  const error = (a.json as { error?: unknown } | undefined)?.error;
  expect(typeof error).toBe("string");
  if (typeof message === "string") expect(error).toBe(message);
  else expect(error).toMatch(message);
  return error as string;
}

/** A 400 whose message names `key` as a word of its own. */
export function expectErrorNaming(a: Answer, key: string): string {
  return expectError(a, 400, new RegExp(`(^|[^\\w])${escapeRegExp(key)}([^\\w]|$)`));
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A JSON value holding one element of a tensor of `dtype`. */
function expectLeaf(value: unknown, dtypes: readonly string[], name: string, where: string): void {
  const kind =
    value !== null && typeof value === "object" && "b64" in value
      ? "b64"
      : typeof value === "string"
        ? "string"
        : typeof value === "boolean"
          ? "boolean"
          : typeof value === "number"
            ? "number"
            : "other";
  const allowed = dtypes.map((d) =>
    d === "DT_STRING" ? (name.endsWith("_bytes") ? "b64" : "string") : d === "DT_BOOL" ? "boolean" : "number",
  );
  expect(allowed, `${where}: ${JSON.stringify(value)}`).toContain(kind);
}

/** `value` is one row of a tensor: nested lists as the shape without its batch dimension says. */
export function expectShaped(value: unknown, tensor: ConformanceTensor, name: string, where = name): void {
  const walk = (v: unknown, dims: readonly number[], at: string): void => {
    if (dims.length === 0) {
      expectLeaf(v, dtypesOf(tensor), name, at);
      return;
    }
    expect(Array.isArray(v), `${at} should be a list: ${JSON.stringify(v)}`).toBe(true);
    const list = v as unknown[];
    if (dims[0]! >= 0) expect(list, at).toHaveLength(dims[0]!);
    list.forEach((item, i) => {
      walk(item, dims.slice(1), `${at}[${i}]`);
    });
  };
  walk(value, tensor.shape.slice(1), where);
}

/**
 * One row of `predictions`: the bare value for one output, else an object with every output. `values`
 * false skips the model's own value check (for rows computed from NaN or Infinity).
 */
export function expectPredictionRow(
  model: ConformanceModel,
  row: unknown,
  where: string,
  values = true,
): void {
  const names = Object.keys(model.outputs);
  if (names.length === 1) {
    expectShaped(row, model.outputs[names[0]!]!, names[0]!, where);
  } else {
    expect(row !== null && typeof row === "object" && !Array.isArray(row), where).toBe(true);
    expect(Object.keys(row as object).sort()).toEqual([...names].sort());
    for (const name of names)
      expectShaped((row as Record<string, unknown>)[name], model.outputs[name]!, name, `${where}.${name}`);
  }
  if (values) model.checkPrediction?.(row);
}

/** A 200 row answer `{"predictions": [...]}` with `count` rows shaped like the outputs; returns them. */
export function expectPredictions(
  a: Answer,
  model: ConformanceModel,
  count: number,
  values = true,
): unknown[] {
  expect(a.status, a.text).toBe(200);
  expect(a.contentType).toContain("application/json");
  expect(Object.keys(a.json as object)).toEqual(["predictions"]);
  const predictions = (a.json as { predictions: unknown[] }).predictions;
  expect(predictions).toHaveLength(count);
  predictions.forEach((row, i) => {
    expectPredictionRow(model, row, `predictions[${i}]`, values);
  });
  return predictions;
}

/**
 * A 200 columnar answer `{"outputs": ...}` for `count` rows: the bare tensor for one output, an object of
 * tensors for several. Returns it as rows, the shape `predictions` has, to compare the two forms.
 */
export function expectColumnarOutputs(a: Answer, model: ConformanceModel, count: number): unknown[] {
  expect(a.status, a.text).toBe(200);
  expect(Object.keys(a.json as object)).toEqual(["outputs"]);
  const outputs = (a.json as { outputs: unknown }).outputs;
  const names = Object.keys(model.outputs);
  if (names.length === 1) {
    expect(outputs as unknown[]).toHaveLength(count);
    return outputs as unknown[];
  }
  const byName = outputs as Record<string, unknown[]>;
  expect(Object.keys(byName).sort()).toEqual([...names].sort());
  for (const name of names) expect(byName[name], name).toHaveLength(count);
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(names.map((name) => [name, byName[name]![i]])),
  );
}

/** `actual` is `expected` up to `tolerance` on numbers; objects are compared on `expected`'s keys. */
export function expectNear(actual: unknown, expected: unknown, tolerance: number, where: string): void {
  if (typeof expected === "number") {
    expect(typeof actual, where).toBe("number");
    expect(Math.abs((actual as number) - expected), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      tolerance,
    );
  } else if (Array.isArray(expected)) {
    expect(actual, where).toHaveLength(expected.length);
    expected.forEach((e, i) => {
      expectNear((actual as unknown[])[i], e, tolerance, `${where}[${i}]`);
    });
  } else if (expected !== null && typeof expected === "object") {
    expect(actual !== null && typeof actual === "object", where).toBe(true);
    for (const [key, e] of Object.entries(expected))
      expectNear((actual as Record<string, unknown>)[key], e, tolerance, `${where}.${key}`);
  } else {
    expect(actual, where).toEqual(expected);
  }
}
