export type {
  CallOptions,
  Deployment,
  DeploymentSpec,
  DeploymentState,
  LogLine,
  LogOptions,
  Runtime,
  RuntimeEvent,
  StartOptions,
} from "./runtime.js";
export * from "./http/index.js";
export * from "./embedded/index.js";
export * from "./docker/index.js";
