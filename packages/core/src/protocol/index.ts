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
export {
  ServingError,
  TF_STATUS_CODES,
  TF_STATUS_HTTP,
  errorBody,
  invalidArgument,
  isServingError,
  isTfStatusCode,
} from "./serving-error.js";
export type { TfStatusCode } from "./serving-error.js";
export { toServingError } from "./to-serving-error.js";
export { isServingPath, parseRoute } from "./routes.js";
export type { ServingRoute, ServingVerb } from "./routes.js";
export { parseTfJson, stringifyTfJson } from "./tf-json.js";
export { formatDouble, formatFloat } from "./decimal-format.js";
export { DTYPE_TEXT, decodeBase64Object, isBase64Object, jsonToTensorData } from "./json-tensor.js";
export {
  DEFAULT_SIGNATURE,
  decodePredictRequest,
  parseRequestBody,
  splitPredictRequest,
} from "./predict-request.js";
export type { DecodedPredictRequest, PredictBody, PredictFormat, PredictPayload } from "./predict-request.js";
export { encodePredictResponse } from "./predict-response.js";
export { predictNow, runPredict } from "./run-predict.js";
export { renderModelMetadata, renderModelStatus } from "./model-status.js";
export { decodeExamplesRequest, encodeClassifyResponse, encodeRegressResponse } from "./examples.js";
export type { DecodedExamplesRequest, Example, Feature } from "./examples.js";
export { CLASSIFY_METHOD, REGRESS_METHOD, runClassify, runRegress } from "./classify-regress.js";
export {
  classifyResponseSchema,
  errorResponseSchema,
  examplesRequestSchema,
  modelMetadataResponseSchema,
  modelStatusResponseSchema,
  predictColumnarRequestSchema,
  predictResponseSchema,
  predictRowRequestSchema,
  regressResponseSchema,
  signatureDefSchema,
} from "./schemas.js";
export type {
  ClassifyResponse,
  ModelMetadataResponse,
  ModelStatusResponse,
  RegressResponse,
} from "./schemas.js";
