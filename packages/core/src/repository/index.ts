export { ModelRepository } from "./model-repository.js";
export type {
  InstallOptions,
  ModelInfo,
  ModelRepositoryOptions,
  PruneResult,
  VersionInfo,
} from "./model-repository.js";
export type { RollbackResult } from "./lifecycle.js";
export type { Staging } from "./staging.js";
export type { VersionFile } from "./manifest.js";
export { buildManifest, fileCrc32c, verifyManifest } from "./manifest.js";
export type { ModelFiles, ModelType } from "./model-files.js";
export { detectModelFiles, requireModelFiles } from "./model-files.js";
export type { VersionMetadata } from "./version-metadata.js";
export { formatModelsConfig, parseModelsConfig } from "./models-config.js";
export type { ModelConfigEntry, ModelsConfig, VersionPolicy } from "./models-config.js";
export { RepositoryLayout, stagingId, MODELS_CONFIG_FILE } from "./layout.js";
export {
  assertLabelName,
  assertModelName,
  parseLabelAssignment,
  versionOfFolder,
  VERSION_SIDECAR,
} from "./names.js";
