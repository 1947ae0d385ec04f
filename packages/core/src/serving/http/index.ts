export { createTfServingDispatcher, METRICS_PATH } from "./dispatch.js";
export type {
  TfServingDispatcher,
  TfServingHandlerOptions,
  TfServingRequest,
  TfServingResponse,
} from "./dispatch.js";
export {
  createTfServingHandler,
  DEFAULT_MAX_BODY_BYTES,
  readRequestBody,
  writeTfServingResponse,
} from "./node-handler.js";
export type { TfServingHandler } from "./node-handler.js";
export { InProcessReplica } from "./in-process-replica.js";
export { startTfServingServer } from "./start-server.js";
export type { RunningTfServingServer, StartTfServingServerOptions } from "./start-server.js";
export { resolveServable, statusVersions, versionForLabel } from "./resolve-servable.js";
export type { ModelSpec } from "./resolve-servable.js";
export { RequestMetrics } from "./request-metrics.js";
export { bearerTokenCheck } from "./bearer-token.js";
