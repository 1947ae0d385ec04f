// The public API of @bqdeploy/core. Each folder's index.ts is its public face; add exports there.
export * from "./errors/index.js";
export * from "./checksum/index.js";
export * from "./logging/index.js";
export * from "./protocol/index.js";
export * from "./config/index.js";
export * from "./savedmodel/index.js";
export * from "./engine/index.js";
export * from "./xgboost/index.js";
export * from "./bigquery/index.js";
export * from "./storage/index.js";
export * from "./repository/index.js";
export * from "./serving/index.js";
export * from "./client/index.js";
export * from "./pipeline/index.js";
