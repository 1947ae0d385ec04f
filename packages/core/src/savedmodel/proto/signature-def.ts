import { dtypeName } from "../dtype.js";
import type { AssetFileDef, SignatureDef, TensorInfo } from "../types.js";
import { readShape } from "./tensor-shape.js";
import type { WireReader } from "./wire-reader.js";

/** A map<string, SignatureDef> entry: key (1), value (2). */
export function readSignatureEntry(r: WireReader, into: Record<string, SignatureDef>): void {
  let key = "";
  let value: SignatureDef = { methodName: "", inputs: {}, outputs: {} };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = readSignatureDef(r.message());
    else r.skip(wire);
  }
  into[key] = value;
}

/** SignatureDef: inputs (1), outputs (2) as map<string, TensorInfo>, method_name (3). */
function readSignatureDef(r: WireReader): SignatureDef {
  const sig: SignatureDef = { methodName: "", inputs: {}, outputs: {} };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) readTensorInfoEntry(r.message(), sig.inputs);
    else if (field === 2 && wire === 2) readTensorInfoEntry(r.message(), sig.outputs);
    else if (field === 3 && wire === 2) sig.methodName = r.string();
    else r.skip(wire);
  }
  return sig;
}

function readTensorInfoEntry(r: WireReader, into: Record<string, TensorInfo>): void {
  let key = "";
  let value: TensorInfo = { dtype: dtypeName(0), shape: null };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = readTensorInfo(r.message());
    else r.skip(wire);
  }
  into[key] = value;
}

/** TensorInfo: name (1), dtype (2), tensor_shape (3); coo_sparse (4) / composite (5) leave name unset. */
export function readTensorInfo(r: WireReader): TensorInfo {
  const info: TensorInfo = { dtype: dtypeName(0), shape: null };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) info.name = r.string();
    else if (field === 2 && wire === 0) info.dtype = dtypeName(r.varint());
    else if (field === 3 && wire === 2) info.shape = readShape(r.message());
    else r.skip(wire);
  }
  return info;
}

/** AssetFileDef: tensor_info (1), filename (2). */
export function readAssetFileDef(r: WireReader): AssetFileDef {
  const asset: AssetFileDef = { tensorName: "", filename: "" };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) asset.tensorName = readTensorInfo(r.message()).name ?? "";
    else if (field === 2 && wire === 2) asset.filename = r.string();
    else r.skip(wire);
  }
  return asset;
}
