export { pull, pullToEnd } from "./pull.js";
export type { PullExportOptions, PullOptions } from "./pull.js";
export type { PipelineEvent, PullDone, PullStep } from "./events.js";
