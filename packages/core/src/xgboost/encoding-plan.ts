import { BqdeployError } from "../errors/index.js";
import type { Logger } from "../logging/index.js";
import { arrayOneHotEncoder, arrayTargetEncoder } from "./array-encoders.js";
import { categoricalTargetEncoder, labelEncoder, oneHotEncoder } from "./categorical-encoders.js";
import type { FeatureEncoder } from "./feature-encoder.js";
import type { BoosterMetadata } from "./model-metadata.js";
import { arrayNumericalEncoder, arrayStructEncoder, numericEncoder } from "./numeric-encoders.js";
import type { Vocabularies } from "./vocabulary-files.js";

/** How a request's features become the booster's input columns. */
export interface EncodingPlan {
  encoders: FeatureEncoder[];
  /** Encoded columns per row (the booster's num_feature; columns past the encoders stay missing). */
  width: number;
}

// The file each encode type needs (Google's predictor refuses to load without it).
const NEEDS: Record<string, [keyof Vocabularies, string]> = {
  categorical_one_hot: ["categoricalOneHot", "<i>_categorical_one_hot.txt"],
  categorical_target: ["categoricalTarget", "<i>_categorical_target.txt"],
  categorical_label: ["categoricalLabel", "<i>_categorical_label.txt or <i>.txt"],
  ohe: ["categoricalLabel", "<i>_categorical_label.txt or <i>.txt"],
  array_one_hot: ["arrayOneHot", "<i>_array_one_hot.txt or <i>_array.txt"],
  mhe: ["arrayOneHot", "<i>_array_one_hot.txt or <i>_array.txt"],
  array_target: ["arrayTarget", "<i>_array_target.txt"],
  array_struct: ["arrayStructDimension", "<i>_array_struct_dimension.txt"],
  array_numerical: ["arrayNumericalLength", "<i>_array_numerical_length.txt"],
};

/**
 * Builds the encoders in feature_names order. Which encoding a feature gets follows the files present for
 * its index, checked in Google's order (one-hot, target, label, multi-hot, array target, struct, numerical
 * array, else numeric): a feature with both a label and a multi-hot vocabulary is label-encoded.
 */
export function planEncoding(
  metadata: BoosterMetadata,
  vocab: Vocabularies,
  numFeature: number,
  logger?: Logger,
): EncodingPlan {
  const encoders: FeatureEncoder[] = [];
  let offset = 0;
  metadata.feature_names.forEach((name, i) => {
    const meta = metadata.features[name] ?? {};
    const need = meta.encode_type ? NEEDS[meta.encode_type] : undefined;
    if (need && !vocab[need[0]].has(i)) {
      throw new BqdeployError(
        "MODEL_FORMAT_INVALID",
        `Feature ${name} (index ${i}) is encoded as ${meta.encode_type} but ${need[1].replaceAll("<i>", String(i))} ` +
          "is missing from assets/. Download the whole export folder again.",
        { details: { feature: name, index: i, encodeType: meta.encode_type } },
      );
    }
    const encoder = encoderFor(name, i, offset, vocab, typeof meta.mean === "number" ? meta.mean : 0);
    encoders.push(encoder);
    offset += encoder.width;
  });
  if (offset > numFeature) {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `The metadata and vocabularies encode ${offset} columns but model.bst was trained on ${numFeature}: ` +
        "assets/ and model.bst come from different exports. Download the export again.",
      { details: { encodedColumns: offset, numFeature } },
    );
  }
  if (offset < numFeature) {
    logger?.warn(
      "booster: fewer encoded columns than the model's features; the rest are treated as missing",
      {
        encodedColumns: offset,
        numFeature,
      },
    );
  }
  return { encoders, width: numFeature };
}

function encoderFor(name: string, i: number, offset: number, v: Vocabularies, mean: number): FeatureEncoder {
  const oneHot = v.categoricalOneHot.get(i);
  if (oneHot) return oneHotEncoder(name, offset, oneHot);
  const target = v.categoricalTarget.get(i);
  if (target) return categoricalTargetEncoder(name, offset, target);
  const label = v.categoricalLabel.get(i);
  if (label) return labelEncoder(name, offset, label);
  const multiHot = v.arrayOneHot.get(i);
  if (multiHot) return arrayOneHotEncoder(name, offset, multiHot);
  const arrayTarget = v.arrayTarget.get(i);
  if (arrayTarget) return arrayTargetEncoder(name, offset, arrayTarget);
  const dimension = v.arrayStructDimension.get(i);
  if (dimension !== undefined) return arrayStructEncoder(name, offset, dimension);
  const length = v.arrayNumericalLength.get(i);
  if (length !== undefined) return arrayNumericalEncoder(name, offset, length);
  return numericEncoder(name, offset, mean);
}
