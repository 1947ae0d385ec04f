// Field bookkeeping for the fake's server-side apply. Objects are merged field by field; lists and
// scalars are atomic leaves (the real server merges some lists by key, e.g. containers by name:
// with one manager per object the outcome is the same).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every leaf of an object as [path, value]; the path is ".spec.replicas"-style. */
export function leaves(value: JsonObject, prefix = ""): Array<[string, Json]> {
  const out: Array<[string, Json]> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (isObject(child) && Object.keys(child).length > 0) out.push(...leaves(child, path));
    else out.push([path, child]);
  }
  return out;
}

/** Deep merge: objects merge key by key, anything else from `b` replaces `a`. */
export function merge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return out;
}

/** A copy without the leaf at `path`, dropping objects left empty. */
export function without(value: JsonObject, path: string): JsonObject {
  const [head, ...rest] = path.slice(1).split(".");
  if (head === undefined || !(head in value)) return value;
  const out: JsonObject = { ...value };
  const child = out[head];
  if (rest.length === 0 || !isObject(child)) {
    delete out[head];
    return out;
  }
  const pruned = without(child, `.${rest.join(".")}`);
  if (Object.keys(pruned).length === 0) delete out[head];
  else out[head] = pruned;
  return out;
}

/** The managedFields `fieldsV1` set of an applied configuration: {"f:spec": {"f:replicas": {}}}. */
export function fieldsV1(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    out[`f:${key}`] = isObject(child) ? fieldsV1(child) : {};
  }
  return out;
}

/** JSON with sorted keys: equal texts mean equal values. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
