import type { Logger as PinoLogger } from "pino";

/** Hono variables every request carries. */
export interface ApiEnv {
  Variables: {
    /** The request's child logger (request id bound). */
    log: PinoLogger;
    /** Route label for metrics (set by handlers whose path has no static route). */
    metricsRoute?: string;
    /** Model label for metrics. */
    metricsModel?: string;
  };
}
