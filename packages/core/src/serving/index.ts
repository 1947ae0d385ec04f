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
export { DeploymentRegistry } from "./deployments.js";
export type { LocatedDeployment, RuntimeName } from "./deployments.js";
export * from "./kubernetes/index.js";
