// The engine: runs BigQuery ML SavedModel graphs in Node with TF's numeric semantics.
export { loadSavedModelServable } from "./load-servable.js";
export type { LoadSavedModelServableOptions } from "./load-servable.js";
export { createSavedModelServable } from "./model/saved-model-servable.js";
export type { SavedModelServableOptions } from "./model/saved-model-servable.js";
export { defaultKernels } from "./kernels/default-kernels.js";
export { KernelRegistry } from "./kernels/registry.js";
export { NodeAttrs } from "./kernels/attrs.js";
export type {
  AttrDefault,
  EngineValue,
  KernelContext,
  KernelDef,
  ResourceHandle,
  ResourceScope,
} from "./kernels/kernel.js";
export { castNumber, castTensor } from "./tensor/cast.js";
export { createTransformServable, loadTransformModel } from "./transform/index.js";
