// The SavedModel builder: writes BigQuery ML-shaped exports for tests and the offline demo.
export { buildLinearRegModel, linearRegContents } from "./linear-reg.js";
export type { LinearRegSpec } from "./linear-reg.js";
export { buildLogisticRegModel, logisticRegContents } from "./logistic-reg.js";
export type { LogisticRegSpec } from "./logistic-reg.js";
export { closedFormLinear, closedFormLogistic, encodeRow } from "./closed-form.js";
export type { Instance, LogisticPrediction } from "./closed-form.js";
export { EMPTY_STRING_REPLACEMENT, inputWidth } from "./feature-spec.js";
export type { FeatureSpec } from "./feature-spec.js";
export { writeSavedModel } from "./write-saved-model.js";
export type { SavedModelContents, SavedModelWriteOptions } from "./write-saved-model.js";
export { writeTensorBundle } from "./bundle/tensor-bundle-writer.js";
export type { BundleWriteOptions } from "./bundle/tensor-bundle-writer.js";
export { encodeTable } from "./bundle/sstable-writer.js";
export type { TableEntry, TableWriteOptions } from "./bundle/sstable-writer.js";
export { encodeSavedModel } from "./proto/meta-graph-encoding.js";
export type { MetaGraphEncoding } from "./proto/meta-graph-encoding.js";
export { encodeTensorProto } from "./proto/tensor-encoding.js";
export type { TensorLayout } from "./proto/tensor-encoding.js";
