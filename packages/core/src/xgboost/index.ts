// BigQuery ML boosted-tree and random-forest exports: model.bst reader, BigQuery ML's input encoding,
// evaluator, and a Servable over them.
export { BOOSTER_SIGNATURE, loadBoosterModel } from "./booster-servable.js";
export type { BoosterServable, LoadBoosterOptions } from "./booster-servable.js";
export { readLegacyBooster } from "./legacy-booster.js";
export type { BoosterTree, LegacyBooster } from "./legacy-booster.js";
export { flattenForest, usableTreeCount } from "./forest.js";
export type { Forest } from "./forest.js";
export { predictMargins } from "./predict-margins.js";
export { baseMargin, objectiveFor } from "./objective.js";
export type { Objective } from "./objective.js";
export { ENCODE_TYPES, parseBoosterMetadata } from "./model-metadata.js";
export type { BoosterMetadata, FeatureMetadata } from "./model-metadata.js";
export { readVocabularies } from "./vocabulary-files.js";
export type { TargetTable, Vocabularies } from "./vocabulary-files.js";
