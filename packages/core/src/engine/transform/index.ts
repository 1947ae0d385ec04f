export { loadTransformModel } from "./load-transform-model.js";
export { createTransformServable } from "./transform-servable.js";
