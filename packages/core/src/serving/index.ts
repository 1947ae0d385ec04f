export * from "./kubernetes/index.js";
