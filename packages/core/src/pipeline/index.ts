export { pull, pullToEnd } from "./pull.js";
export type { PullOptions } from "./pull.js";
export type { PipelineEvent, PullDone, PullStep } from "./events.js";
