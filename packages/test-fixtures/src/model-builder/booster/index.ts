export type { BoosterSpec, TreeSpec } from "./booster-spec.js";
export { encodeLegacyBooster } from "./encode-legacy-model.js";
export { randomTrees } from "./random-trees.js";
export type { RandomTreesOptions } from "./random-trees.js";
export { encodedWidth, writeBoosterExport } from "./write-booster-export.js";
export type { BoosterExportSpec, BuilderFeature } from "./write-booster-export.js";
