export {
  CONTENT_HASH_LABEL,
  bundleServer,
  type EnsureImageOptions,
  type EnsureImageResult,
  ensureFakeImage,
  FAKE_IMAGE,
} from "./build-image.js";
export { dockerEngineAnswers, haveDockerEngine } from "./docker-engine.js";
export { installScriptedVersion, SCRIPTED_TIP_MODEL } from "./scripted-repo.js";
export { type ModelConfigEntry, parseModelsConfig } from "./server/models-config.js";
export { SCRIPTED_MODEL_FILE, type ScriptedModelFile } from "./server/scripted-model.js";
