export { pull, pullToEnd } from "./pull.js";
export type { PullExportOptions, PullOptions } from "./pull.js";
export type { PipelineEvent, PullDone, PullStep } from "./events.js";
export { JobRegistry } from "./job-registry.js";
export type { JobEvent, JobSnapshot, JobState, JobWork } from "./job-registry.js";
export { deploy, deployToEnd } from "./deploy.js";
export type { DeployDone, DeployEvent, DeployOptions } from "./deploy.js";
export { smokeInstance } from "./smoke-instance.js";
