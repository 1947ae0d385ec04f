export type {
  ArgDef,
  AssetFileDef,
  AttrList,
  AttrValue,
  BundleEntry,
  FunctionDef,
  GraphDef,
  MetaGraph,
  NameAttrList,
  NodeDef,
  SavedModelBundle,
  SaverDef,
  ShapeProto,
  SignatureDef,
  TensorInfo,
} from "./types.js";
export { readSavedModel } from "./read-saved-model.js";
export { graphVariableValues } from "./graph-variables.js";
export type { ReadSavedModelOptions } from "./read-saved-model.js";
export { readTensorBundle, shardFileName } from "./bundle/tensor-bundle.js";
export type { TensorBundle } from "./bundle/tensor-bundle.js";
export { maskCrc, maskedCrc32c } from "./bundle/masked-crc.js";
export { sliceKey } from "./bundle/slice-key.js";
export { dtypeName, dtypeNumber } from "./dtype.js";
