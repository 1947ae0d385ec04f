// Offline fakes for tests and the demo. Never re-exported by production entry points.
export {
  haveSharedModels,
  repoRoot,
  sharedExpectations,
  sharedModel,
  sharedModelsDir,
} from "./shared-models/locate.js";
export * from "./model-builder/saved-model/index.js";
