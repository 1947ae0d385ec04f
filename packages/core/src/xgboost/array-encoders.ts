import type { TensorSpec } from "../protocol/index.js";
import { type FeatureEncoder, arrayItems, vocabularyIndex } from "./feature-encoder.js";
import { pythonStr } from "./python-values.js";
import type { TargetTable } from "./vocabulary-files.js";

const arrayInput = (name: string): TensorSpec => ({ name: `${name}:0`, dtype: "DT_STRING", shape: [-1, -1] });

/** Multi-hot (`<i>_array_one_hot.txt`, legacy `<i>_array.txt`): 1 in each present item's slot, others missing. */
export function arrayOneHotEncoder(name: string, offset: number, lines: readonly string[]): FeatureEncoder {
  const index = vocabularyIndex(lines);
  return {
    name,
    encoding: "array_one_hot",
    offset,
    width: lines.length,
    input: arrayInput(name),
    encodeValue(value, out, at, row) {
      for (const item of arrayItems(name, row, value)) {
        const i = index.get(pythonStr(item));
        if (i !== undefined) out[at + offset + i] = 1;
      }
    },
  };
}

/**
 * Array target encoding (`<i>_array_target.txt`): the mean of the items' statistics over the array's
 * length (unknown items count as 0), summed in double in item order; with several classes a 0 is missing.
 */
export function arrayTargetEncoder(name: string, offset: number, table: TargetTable): FeatureEncoder {
  const { width, values } = table;
  const sums = new Float64Array(width);
  return {
    name,
    encoding: "array_target",
    offset,
    width,
    input: arrayInput(name),
    encodeValue(value, out, at, row) {
      const items = arrayItems(name, row, value);
      sums.fill(0);
      for (const item of items) {
        const stats = values.get(pythonStr(item));
        for (let k = 0; k < width; k++) sums[k] = sums[k]! + (stats ? stats[k]! : 0) / items.length;
      }
      for (let k = 0; k < width; k++) {
        const x = sums[k]!;
        if (!(width > 1 && x === 0)) out[at + offset + k] = x;
      }
    },
  };
}
