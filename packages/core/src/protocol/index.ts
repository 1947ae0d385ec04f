export { DTYPES, allocate, isNumericDType, shapeSize } from "./tensor.js";
export type { DType, NumericData, Tensor, TensorData } from "./tensor.js";
export { MODEL_STATES } from "./servable.js";
export type {
  ModelState,
  Servable,
  ServableSource,
  SignatureSpec,
  TensorSpec,
  VersionStatus,
} from "./servable.js";
