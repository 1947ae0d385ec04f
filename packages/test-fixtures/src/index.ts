// Offline fakes for tests and the demo. Never re-exported by production entry points.
export {
  haveSharedModels,
  repoRoot,
  sharedExpectations,
  sharedModel,
  sharedModelsDir,
} from "./shared-models/locate.js";
export { fakeKubeconfig, startFakeKubeApi } from "./kubernetes/index.js";
export type {
  FakeKubeApi,
  FakeKubeApiOptions,
  ProxiedAnswer,
  ProxyTarget,
  RecordedRequest,
} from "./kubernetes/index.js";
