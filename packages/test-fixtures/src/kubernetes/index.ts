export { startFakeKubeApi } from "./fake-kube-api.js";
export type { FakeKubeApi, FakeKubeApiOptions, RecordedRequest } from "./fake-kube-api.js";
export { fakeKubeconfig } from "./kubeconfig.js";
export type { ProxiedAnswer, ProxyTarget } from "./service-proxy.js";
