// The REST API over core (issue 8): createApp builds the Hono app, startApiServer listens.
export { createApp } from "./app.js";
export type { ApiApp } from "./app.js";
export { apiConfigSchema } from "./config.js";
export type { ApiConfig, ApiConfigInput } from "./config.js";
export type { ApiDeps } from "./deps.js";
export { HTTP_STATUS } from "./http/error-status.js";
export { requestLogger } from "./request-logger.js";
export { startApiServer } from "./server.js";
export type { ApiServerOptions, RunningApiServer } from "./server.js";
export { API_VERSION } from "./version.js";
