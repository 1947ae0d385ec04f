// Offline fakes for tests and the demo. Never re-exported by production entry points.
// The conformance suite imports vitest, so it has its own entry: "@bqdeploy/test-fixtures/conformance".
export {
  haveSharedModels,
  repoRoot,
  sharedExpectations,
  sharedModel,
  sharedModelsDir,
} from "./shared-models/locate.js";
export { sharedConformanceRepository } from "./shared-models/conformance-repository.js";
export * from "./tf-serving/index.js";
export * from "./gcp/index.js";
export * from "./model-builder/booster/index.js";
export * from "./docker-image/index.js";
export * from "./model-builder/saved-model/index.js";
export { fakeKubeconfig, startFakeKubeApi } from "./kubernetes/index.js";
export type {
  FakeKubeApi,
  FakeKubeApiOptions,
  ProxiedAnswer,
  ProxyTarget,
  RecordedRequest,
} from "./kubernetes/index.js";
export { SEED_INSTANCE, SEED_REQUEST, SEED_TIP_MODEL_PREDICTION } from "./seed-request.js";
export { seededRandom } from "./seeded-random.js";
