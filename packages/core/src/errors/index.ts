export { BqdeployError, ERROR_CODES, isBqdeployError, toBqdeployError } from "./bqdeploy-error.js";
export type { BqdeployErrorOptions, ErrorCode } from "./bqdeploy-error.js";
