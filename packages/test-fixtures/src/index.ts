// Offline fakes for tests and the demo. Never re-exported by production entry points.
export {
  haveSharedModels,
  repoRoot,
  sharedExpectations,
  sharedModel,
  sharedModelsDir,
} from "./shared-models/locate.js";
export {
  encodeLegacyBooster,
  encodedWidth,
  randomTrees,
  seededRandom,
  writeBoosterExport,
} from "./model-builder/booster/index.js";
export type {
  BoosterExportSpec,
  BoosterSpec,
  BuilderFeature,
  RandomTreesOptions,
  TreeSpec,
} from "./model-builder/booster/index.js";
