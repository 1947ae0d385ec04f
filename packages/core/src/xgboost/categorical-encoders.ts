import type { TensorSpec } from "../protocol/index.js";
import { type FeatureEncoder, vocabularyIndex } from "./feature-encoder.js";
import { pythonStr } from "./python-values.js";
import type { TargetTable } from "./vocabulary-files.js";

const stringInput = (name: string): TensorSpec => ({ name: `${name}:0`, dtype: "DT_STRING", shape: [-1] });

/** Label encoding (`<i>_categorical_label.txt`, legacy `<i>.txt`): the line number, or missing if absent. */
export function labelEncoder(name: string, offset: number, lines: readonly string[]): FeatureEncoder {
  const index = vocabularyIndex(lines);
  return {
    name,
    encoding: "categorical_label",
    offset,
    width: 1,
    input: stringInput(name),
    encodeValue(value, out, at) {
      const i = index.get(pythonStr(value));
      if (i !== undefined) out[at + offset] = i;
    },
  };
}

/** One-hot (`<i>_categorical_one_hot.txt`): 1 in the value's slot, every other slot missing. */
export function oneHotEncoder(name: string, offset: number, lines: readonly string[]): FeatureEncoder {
  const index = vocabularyIndex(lines);
  return {
    name,
    encoding: "categorical_one_hot",
    offset,
    width: lines.length,
    input: stringInput(name),
    encodeValue(value, out, at) {
      const i = index.get(pythonStr(value));
      if (i !== undefined) out[at + offset + i] = 1;
    },
  };
}

/**
 * Target encoding (`<i>_categorical_target.txt`): the category's statistics; an unknown category is
 * missing. With several classes a 0 statistic counts as missing too (as Google's predictor does).
 */
export function categoricalTargetEncoder(name: string, offset: number, table: TargetTable): FeatureEncoder {
  const { width, values } = table;
  return {
    name,
    encoding: "categorical_target",
    offset,
    width,
    input: stringInput(name),
    encodeValue(value, out, at) {
      const stats = values.get(pythonStr(value));
      if (!stats) return;
      for (let k = 0; k < width; k++) {
        const x = stats[k]!;
        if (!(width > 1 && x === 0)) out[at + offset + k] = x;
      }
    },
  };
}
