export { TfServingClient } from "./tf-serving-client.js";
export type {
  CallOptions as ClientCallOptions,
  ExamplesOptions,
  ServedModelMetadata,
  ModelTarget,
  PredictOptions,
  TfServingClientOptions,
} from "./tf-serving-client.js";
export type { WaitOptions } from "./wait-until-available.js";
export { signaturesFromMetadata } from "./signatures-from-metadata.js";
export { ReplicaForwarder } from "./replica-forwarder.js";
export type {
  ForwardedRequest,
  ForwardedResponse,
  ForwardHandler,
  ReplicaForwarderOptions,
} from "./replica-forwarder.js";
export { InProcessForwarder } from "./in-process-forwarder.js";
export { ReplicaRouter } from "./replica-router.js";
export type { ReplicaSet } from "./replica-router.js";
export type { InProcessForwarderOptions } from "./in-process-forwarder.js";
