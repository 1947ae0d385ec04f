import type { DType, Tensor, TensorSpec } from "@bqdeploy/core";

/** A request the model rejects: answered as `{"error": message}` with this HTTP status. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const typeName = (v: unknown): string =>
  typeof v === "number"
    ? "Number"
    : typeof v === "string"
      ? "String"
      : Array.isArray(v)
        ? "Array"
        : typeof v === "boolean"
          ? "Bool"
          : "Object";

function scalar(dtype: DType, value: unknown): number | string {
  if (dtype === "DT_STRING") {
    if (typeof value !== "string")
      throw new RestError(
        400,
        `JSON Value: ${JSON.stringify(value)} Type: ${typeName(value)} is not of expected type: string`,
      );
    return value;
  }
  if (typeof value !== "number")
    throw new RestError(
      400,
      `JSON Value: ${JSON.stringify(value)} Type: ${typeName(value)} is not of expected type: ${dtype === "DT_FLOAT" ? "float" : dtype === "DT_DOUBLE" ? "double" : "int64"}`,
    );
  return value;
}

/** Flattens one instance's value of an input (a scalar or a nested list) into `out`, returning its shape. */
function flatten(dtype: DType, value: unknown, out: Array<number | string>): number[] {
  if (!Array.isArray(value)) {
    out.push(scalar(dtype, value));
    return [];
  }
  let inner: number[] = [];
  for (const item of value) inner = flatten(dtype, item, out);
  return [value.length, ...inner];
}

function tensorOf(dtype: DType, values: Array<number | string>, shape: number[]): Tensor {
  const data =
    dtype === "DT_STRING"
      ? (values as string[])
      : dtype === "DT_FLOAT"
        ? Float32Array.from(values as number[])
        : Float64Array.from(values as number[]);
  return { dtype, shape, data };
}

/** Row format: `instances` -> one tensor per signature input, batch dimension first. */
export function tensorsFromInstances(
  instances: unknown,
  inputs: Record<string, TensorSpec>,
): Record<string, Tensor> {
  if (!Array.isArray(instances) || instances.length === 0)
    throw new RestError(400, "'instances' must be a non-empty list");
  const names = Object.keys(inputs).sort();
  const values = new Map<string, Array<number | string>>(names.map((n) => [n, []]));
  let inner: number[] = [];
  instances.forEach((instance, index) => {
    const isObject = typeof instance === "object" && instance !== null && !Array.isArray(instance);
    if (names.length === 1 && !isObject) {
      inner = flatten(
        inputs[names[0] ?? ""]?.dtype ?? "DT_DOUBLE",
        instance,
        values.get(names[0] ?? "") ?? [],
      );
      return;
    }
    const record = instance as Record<string, unknown>;
    const keys = isObject ? Object.keys(record).sort() : [];
    const unknown = keys.find((k) => !names.includes(k));
    if (unknown)
      throw new RestError(
        400,
        `Failed to process element: ${index} of 'instances' list. JSON object: ${JSON.stringify(instance)} does not have named input: ${unknown}`,
      );
    if (keys.length !== names.length) {
      throw new RestError(
        400,
        `Failed to process element: ${index} of 'instances' list. JSON object: ${JSON.stringify(instance)} keys must be equal to: ${names.join(",")}`,
      );
    }
    for (const name of names)
      inner = flatten(inputs[name]?.dtype ?? "DT_DOUBLE", record[name], values.get(name) ?? []);
  });
  return Object.fromEntries(
    names.map((n) => [
      n,
      tensorOf(inputs[n]?.dtype ?? "DT_DOUBLE", values.get(n) ?? [], [instances.length, ...inner]),
    ]),
  );
}

/** Columnar format: `inputs` -> tensors (a bare value when the signature has one input). */
export function tensorsFromColumns(
  columns: unknown,
  inputs: Record<string, TensorSpec>,
): Record<string, Tensor> {
  const names = Object.keys(inputs);
  const record =
    names.length === 1 && (typeof columns !== "object" || Array.isArray(columns))
      ? { [names[0] ?? ""]: columns }
      : (columns as Record<string, unknown>);
  const result: Record<string, Tensor> = {};
  for (const name of names) {
    if (!(name in record)) throw new RestError(400, `Missing input: ${name}`);
    const out: Array<number | string> = [];
    const shape = flatten(inputs[name]?.dtype ?? "DT_DOUBLE", record[name], out);
    result[name] = tensorOf(inputs[name]?.dtype ?? "DT_DOUBLE", out, shape);
  }
  return result;
}

/** A tensor (or, with `from`, its slice at batch index `from`) as nested JSON lists. */
export function nested(tensor: Tensor, from?: number): unknown {
  const shape = from === undefined ? tensor.shape : tensor.shape.slice(1);
  const stride = shape.reduce((a, b) => a * b, 1);
  let offset = from === undefined ? 0 : from * stride;
  const build = (dims: number[]): unknown => {
    if (dims.length === 0) return tensor.data[offset++];
    return Array.from({ length: dims[0] ?? 0 }, () => build(dims.slice(1)));
  };
  return build(shape);
}
