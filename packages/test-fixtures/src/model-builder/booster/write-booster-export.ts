import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BoosterSpec } from "./booster-spec.js";
import { encodeLegacyBooster } from "./encode-legacy-model.js";

/** One feature of a built export and how BigQuery ML would have encoded it. */
export type BuilderFeature =
  | { name: string; kind: "numeric"; mean?: number }
  | { name: string; kind: "label" | "one_hot" | "multi_hot"; vocabulary: string[]; legacyNames?: boolean }
  | { name: string; kind: "target" | "array_target"; table: [string, ...number[]][] };

export interface BoosterExportSpec {
  modelType:
    | "boosted_tree_regressor"
    | "boosted_tree_classifier"
    | "random_forest_regressor"
    | "random_forest_classifier";
  labelCol: string;
  classNames?: string[];
  features: BuilderFeature[];
  /** The booster; its numFeature should equal encodedWidth(features). */
  booster: BoosterSpec;
}

/** Encoded columns a feature takes in the booster's input. */
export function encodedWidth(feature: BuilderFeature): number {
  switch (feature.kind) {
    case "numeric":
    case "label":
      return 1;
    case "one_hot":
    case "multi_hot":
      return feature.vocabulary.length;
    default:
      return (feature.table[0]?.length ?? 2) - 1;
  }
}

/** The vocabulary file name and metadata encode_type of feature `i`, as BigQuery ML names them. */
function files(feature: BuilderFeature, i: number): { file?: string; encodeType?: string } {
  const legacy = "legacyNames" in feature && feature.legacyNames === true;
  switch (feature.kind) {
    case "numeric":
      return {};
    case "label":
      return legacy
        ? { file: `${i}.txt`, encodeType: "ohe" }
        : { file: `${i}_categorical_label.txt`, encodeType: "categorical_label" };
    case "one_hot":
      return { file: `${i}_categorical_one_hot.txt`, encodeType: "categorical_one_hot" };
    case "multi_hot":
      return legacy
        ? { file: `${i}_array.txt`, encodeType: "mhe" }
        : { file: `${i}_array_one_hot.txt`, encodeType: "array_one_hot" };
    case "target":
      return { file: `${i}_categorical_target.txt`, encodeType: "categorical_target" };
    case "array_target":
      return { file: `${i}_array_target.txt`, encodeType: "array_target" };
  }
}

/**
 * Writes a BigQuery ML booster export into `dir`: model.bst (legacy binary), assets/model_metadata.json
 * and one vocabulary file per encoded feature.
 */
export async function writeBoosterExport(dir: string, spec: BoosterExportSpec): Promise<void> {
  await mkdir(join(dir, "assets"), { recursive: true });
  await writeFile(join(dir, "model.bst"), encodeLegacyBooster(spec.booster));
  const features: Record<string, Record<string, unknown>> = {};
  for (const [i, feature] of spec.features.entries()) {
    const { file, encodeType } = files(feature, i);
    features[feature.name] = encodeType
      ? { encode_type: encodeType }
      : feature.kind === "numeric" && feature.mean !== undefined
        ? { mean: feature.mean }
        : {};
    if (!file || feature.kind === "numeric") continue;
    const lines = "table" in feature ? feature.table.map((row) => row.join(",")) : feature.vocabulary;
    await writeFile(join(dir, "assets", file), `${lines.join("\n")}\n`);
  }
  const metadata = {
    model_type: spec.modelType,
    label_col: spec.labelCol,
    ...(spec.classNames ? { class_names: spec.classNames } : {}),
    feature_names: spec.features.map((f) => f.name),
    features,
  };
  await writeFile(join(dir, "assets", "model_metadata.json"), JSON.stringify(metadata, null, 2));
}
