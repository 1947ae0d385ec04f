import type { AssetFileDef, MetaGraph, SaverDef } from "../types.js";
import { readAnyAssets } from "./collection-assets.js";
import { readGraphDef } from "./graph-def.js";
import { readAssetFileDef, readSignatureEntry } from "./signature-def.js";
import type { WireReader } from "./wire-reader.js";

/** Collections kept from bytes_list form (TF1 stores these op names as bytes in some exports). */
const NAME_COLLECTIONS = new Set([
  "saved_model_main_op",
  "legacy_init_op",
  "table_initializer",
  "asset_filepaths",
  "init_op",
  "local_init_op",
]);

/** SavedModel: saved_model_schema_version (1), meta_graphs (2). Returns every meta graph. */
export function readSavedModelProto(r: WireReader): MetaGraph[] {
  const graphs: MetaGraph[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 2 && wire === 2) graphs.push(readMetaGraph(r.message()));
    else r.skip(wire);
  }
  return graphs;
}

/**
 * MetaGraphDef: meta_info_def (1), graph_def (2), saver_def (3), collection_def (4), signature_def (5),
 * asset_file_def (6); object_graph_def (7) is skipped.
 */
export function readMetaGraph(r: WireReader): MetaGraph {
  const meta: MetaGraph = {
    tags: [],
    tensorflowVersion: "",
    strippedDefaultAttrs: false,
    graph: { nodes: [], library: [] },
    signatures: {},
    assetFiles: [],
    collections: {},
  };
  const collectedAssets: AssetFileDef[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (wire !== 2) r.skip(wire);
    else if (field === 1) readMetaInfo(r.message(), meta);
    else if (field === 2) meta.graph = readGraphDef(r.message());
    else if (field === 3) meta.saverDef = readSaverDef(r.message());
    else if (field === 4) readCollectionEntry(r.message(), meta.collections, collectedAssets);
    else if (field === 5) readSignatureEntry(r.message(), meta.signatures);
    else if (field === 6) meta.assetFiles.push(readAssetFileDef(r.message()));
    else r.skip(wire);
  }
  // TF1-style exports list assets only in the saved_model_assets collection.
  for (const asset of collectedAssets) {
    if (!meta.assetFiles.some((a) => a.tensorName === asset.tensorName)) meta.assetFiles.push(asset);
  }
  return meta;
}

/** MetaInfoDef: tags (4), tensorflow_version (5), stripped_default_attrs (7). */
function readMetaInfo(r: WireReader, meta: MetaGraph): void {
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 4 && wire === 2) meta.tags.push(r.string());
    else if (field === 5 && wire === 2) meta.tensorflowVersion = r.string();
    else if (field === 7 && wire === 0) meta.strippedDefaultAttrs = r.bool();
    else r.skip(wire);
  }
}

/** SaverDef: filename_tensor_name (1), save_tensor_name (2), restore_op_name (3). */
function readSaverDef(r: WireReader): SaverDef {
  const saver: SaverDef = { filenameTensorName: "", saveTensorName: "", restoreOpName: "" };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) saver.filenameTensorName = r.string();
    else if (field === 2 && wire === 2) saver.saveTensorName = r.string();
    else if (field === 3 && wire === 2) saver.restoreOpName = r.string();
    else r.skip(wire);
  }
  return saver;
}

/**
 * A map<string, CollectionDef> entry. CollectionDef: node_list (1) or bytes_list (2), each
 * { repeated value = 1 }, or any_list (5). Node lists are kept; bytes lists only for the names in
 * NAME_COLLECTIONS (others hold serialized protos such as VariableDef); AssetFileDefs of
 * saved_model_assets (an any_list) go to `assets`.
 */
function readCollectionEntry(r: WireReader, into: Record<string, string[]>, assets: AssetFileDef[]): void {
  let key = "";
  let value: WireReader | undefined;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = r.message();
    else r.skip(wire);
  }
  if (!value) return;
  if (key === "saved_model_assets") {
    assets.push(...readAnyAssets(value));
    return;
  }
  const [names, bytesNames] = readCollection(value);
  if (names) into[key] = names;
  else if (bytesNames && NAME_COLLECTIONS.has(key)) into[key] = bytesNames;
}

function readCollection(r: WireReader): [nodes: string[] | undefined, bytes: string[] | undefined] {
  let nodes: string[] | undefined;
  let bytes: string[] | undefined;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if ((field === 1 || field === 2) && wire === 2) {
      const values = readValues(r.message());
      if (field === 1) nodes = values;
      else bytes = values;
    } else r.skip(wire);
  }
  return [nodes, bytes];
}

function readValues(r: WireReader): string[] {
  const values: string[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) values.push(r.string());
    else r.skip(wire);
  }
  return values;
}
