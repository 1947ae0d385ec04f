import { invalidArgument } from "../../protocol/serving-error.js";
import type { SignatureSpec } from "../../protocol/servable.js";

/**
 * The checks Google's TRANSFORM predictor (bigquery_ml_utils) makes on raw rows before running
 * transform/, each a 400 naming the offending key: a missing input, a key that is not an input of
 * the TRANSFORM, a non-integer for an INT64 input, and values whose rank does not match the input's.
 */
export function checkTransformInstances(instances: readonly unknown[], spec: SignatureSpec): void {
  const names = Object.keys(spec.inputs);
  instances.forEach((instance, row) => {
    if (typeof instance !== "object" || instance === null || Array.isArray(instance)) {
      throw invalidArgument(
        `Instance ${row} is not a JSON object: a TRANSFORM model takes one object per row with the keys ${names.join(", ")}.`,
      );
    }
    for (const key of Object.keys(instance)) {
      if (!Object.hasOwn(spec.inputs, key)) {
        throw invalidArgument(
          `"${key}" in not an input of the TRANSFORM. Its inputs are: ${names.join(", ")}.`,
        );
      }
    }
    for (const key of names) {
      if (!Object.hasOwn(instance, key)) {
        throw invalidArgument(
          `Instance ${row} is missing the TRANSFORM input "${key}"; send every input: ${names.join(", ")}.`,
        );
      }
      checkValue(key, (instance as Record<string, unknown>)[key], spec, row);
    }
  });
}

/** Checks one column given in the columnar (`inputs`) form. */
export function checkTransformColumns(inputs: unknown, spec: SignatureSpec): void {
  const names = Object.keys(spec.inputs);
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw invalidArgument(`"inputs" must be an object with the TRANSFORM's inputs ${names.join(", ")}.`);
  }
  for (const key of Object.keys(inputs)) {
    if (!Object.hasOwn(spec.inputs, key))
      throw invalidArgument(
        `"${key}" in not an input of the TRANSFORM. Its inputs are: ${names.join(", ")}.`,
      );
  }
  for (const key of names) {
    const column = (inputs as Record<string, unknown>)[key];
    if (column === undefined) throw invalidArgument(`Missing the TRANSFORM input "${key}" in 'inputs'.`);
    if (!Array.isArray(column))
      throw invalidArgument(`Input "${key}" must be a list with one value per row.`);
    column.forEach((value, row) => {
      checkValue(key, value, spec, row);
    });
  }
}

function checkValue(key: string, value: unknown, spec: SignatureSpec, row: number): void {
  const input = spec.inputs[key]!;
  const rank = input.shape === null ? undefined : input.shape.length - 1;
  const actual = depth(value);
  if (rank !== undefined && actual !== rank) {
    throw invalidArgument(
      `Ranks of all input tensors should match: input "${key}" takes rank ${rank} values per row, instance ${row} has rank ${actual} (${JSON.stringify(value)}).`,
    );
  }
  if (input.dtype === "DT_INT64" || input.dtype === "DT_INT32") {
    for (const v of leaves(value)) {
      if (typeof v !== "number" || !Number.isInteger(v)) {
        throw invalidArgument(
          `Input "${key}" is ${input.dtype === "DT_INT64" ? "INT64" : "INT32"}, but instance ${row} has ${JSON.stringify(v)}: send an integer.`,
        );
      }
    }
  }
}

function depth(value: unknown): number {
  let d = 0;
  let v = value;
  while (Array.isArray(v)) {
    d++;
    v = v[0];
  }
  return d;
}

function leaves(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(leaves) : [value];
}
