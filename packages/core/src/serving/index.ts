export * from "./http/index.js";
export * from "./kubernetes/index.js";
