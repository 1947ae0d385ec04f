export { memoryLogger, silentLogger } from "./logger.js";
export type { Logger, LogRecord } from "./logger.js";
