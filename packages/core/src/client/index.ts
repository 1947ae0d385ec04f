export { TfServingClient } from "./tf-serving-client.js";
export type {
  CallOptions,
  ExamplesOptions,
  ModelMetadata,
  ModelTarget,
  PredictOptions,
  TfServingClientOptions,
} from "./tf-serving-client.js";
export type { WaitOptions } from "./wait-until-available.js";
export { signaturesFromMetadata } from "./signatures-from-metadata.js";
