import { type FeatureEncoder, arrayItems, badValue, describe, toNumber } from "./feature-encoder.js";
import { parsePythonFloat } from "./python-values.js";

/**
 * A numeric feature: the number (as float32, like XGBoost's DMatrix); a numeric string is parsed as
 * Python's float() would; `""` becomes `emptyValue` (the metadata mean, else 0); NaN is missing.
 */
export function numericEncoder(name: string, offset: number, emptyValue: number): FeatureEncoder {
  return {
    name,
    encoding: "numerical_identity",
    offset,
    width: 1,
    input: { name: `${name}:0`, dtype: "DT_DOUBLE", shape: [-1] },
    encodeValue(value, out, at, row) {
      if (typeof value === "number") {
        out[at + offset] = value;
      } else if (typeof value === "string") {
        const x = value === "" ? emptyValue : parsePythonFloat(value);
        if (x === undefined)
          throw badValue(name, row, `cannot be converted to float (got ${describe(value)})`);
        out[at + offset] = x;
      } else {
        out[at + offset] = toNumber(name, row, value);
      }
    },
  };
}

/** A fixed-length numeric array (`<i>_array_numerical_length.txt`): its numbers, one column each. */
export function arrayNumericalEncoder(name: string, offset: number, length: number): FeatureEncoder {
  return {
    name,
    encoding: "array_numerical",
    offset,
    width: length,
    input: { name: `${name}:0`, dtype: "DT_DOUBLE", shape: [-1, length] },
    encodeValue(value, out, at, row) {
      const items = arrayItems(name, row, value);
      if (items.length !== length) {
        throw badValue(name, row, `has ${items.length} numbers but the model takes arrays of ${length}`);
      }
      items.forEach((item, k) => {
        out[at + offset + k] = toNumber(name, row, item);
      });
    },
  };
}

/**
 * A sparse array of [key, value] pairs (`<i>_array_struct_dimension.txt` gives the dimension): value in
 * slot key, other slots missing.
 */
export function arrayStructEncoder(name: string, offset: number, dimension: number): FeatureEncoder {
  return {
    name,
    encoding: "array_struct",
    offset,
    width: dimension,
    input: { name: `${name}:0`, dtype: "DT_DOUBLE", shape: [-1, -1, 2] },
    encodeValue(value, out, at, row) {
      for (const pair of arrayItems(name, row, value)) {
        const [key, x] = Array.isArray(pair) && pair.length === 2 ? pair : [undefined, undefined];
        if (typeof key !== "number" || !Number.isInteger(key)) {
          throw badValue(
            name,
            row,
            `holds ${describe(pair)} where a [key, value] pair with an integer key belongs`,
          );
        }
        if (key < 0 || key >= dimension) {
          throw badValue(name, row, `has key ${key} outside the sparse feature's dimension ${dimension}`);
        }
        out[at + offset + key] = toNumber(name, row, x);
      }
    },
  };
}
