// The public API of @bqdeploy/core. Each folder's index.ts is its public face.
export * from "./errors/index.js";
export * from "./logging/index.js";
export * from "./protocol/index.js";
