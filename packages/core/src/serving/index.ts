export * from "./http/index.js";
export * from "./embedded/index.js";
