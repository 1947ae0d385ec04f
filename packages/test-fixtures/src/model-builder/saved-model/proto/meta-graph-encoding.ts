import type { AssetFileDef, MetaGraph, SignatureDef, TensorInfo } from "@bqdeploy/core";
import { dtypeNumber } from "@bqdeploy/core";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { nested, writeGraph } from "./graph-encoding.js";
import { writeShape } from "./tensor-encoding.js";

const LEN = WireType.LengthDelimited;

export interface MetaGraphEncoding {
  /** Where asset_file_def goes: MetaGraphDef field 6 (TF2) or the saved_model_assets collection (TF1). */
  assets?: "field" | "collection";
}

/** A whole saved_model.pb: SavedModel { saved_model_schema_version = 1; meta_graphs = 2 }. */
export function encodeSavedModel(metaGraphs: MetaGraph[], options: MetaGraphEncoding = {}): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int64(1);
  for (const meta of metaGraphs) nested(w, 2, () => writeMetaGraph(w, meta, options));
  return w.finish();
}

function writeMetaGraph(w: BinaryWriter, meta: MetaGraph, options: MetaGraphEncoding): void {
  nested(w, 1, () => {
    for (const tag of meta.tags) w.tag(4, LEN).string(tag);
    w.tag(5, LEN).string(meta.tensorflowVersion);
    w.tag(6, LEN).string(`v${meta.tensorflowVersion}`);
    if (meta.strippedDefaultAttrs) w.tag(7, WireType.Varint).bool(true);
  });
  nested(w, 2, () => writeGraph(w, meta.graph));
  const saver = meta.saverDef;
  if (saver) {
    nested(w, 3, () => {
      w.tag(1, LEN).string(saver.filenameTensorName);
      w.tag(2, LEN).string(saver.saveTensorName);
      w.tag(3, LEN).string(saver.restoreOpName);
    });
  }
  for (const [key, names] of Object.entries(meta.collections)) {
    nested(w, 4, () => {
      w.tag(1, LEN).string(key);
      nested(w, 2, () =>
        nested(w, 1, () => {
          for (const n of names) w.tag(1, LEN).string(n);
        }),
      );
    });
  }
  if (options.assets === "collection" && meta.assetFiles.length > 0) writeAssetCollection(w, meta.assetFiles);
  for (const [key, sig] of Object.entries(meta.signatures)) {
    nested(w, 5, () => {
      w.tag(1, LEN).string(key);
      nested(w, 2, () => writeSignature(w, sig));
    });
  }
  if (options.assets !== "collection") {
    for (const asset of meta.assetFiles) nested(w, 6, () => writeAsset(w, asset));
  }
}

function writeSignature(w: BinaryWriter, sig: SignatureDef): void {
  for (const [field, infos] of [
    [1, sig.inputs],
    [2, sig.outputs],
  ] as const) {
    for (const [key, info] of Object.entries(infos)) {
      nested(w, field, () => {
        w.tag(1, LEN).string(key);
        nested(w, 2, () => writeTensorInfo(w, info));
      });
    }
  }
  w.tag(3, LEN).string(sig.methodName);
}

function writeTensorInfo(w: BinaryWriter, info: TensorInfo): void {
  if (info.name !== undefined) w.tag(1, LEN).string(info.name);
  w.tag(2, WireType.Varint).int32(dtypeNumber(info.dtype));
  nested(w, 3, () => writeShape(w, info.shape));
}

function writeAsset(w: BinaryWriter, asset: AssetFileDef): void {
  nested(w, 1, () => writeTensorInfo(w, { name: asset.tensorName, dtype: "DT_STRING", shape: [] }));
  w.tag(2, LEN).string(asset.filename);
}

/** collection_def["saved_model_assets"] = any_list of Any { type_url, AssetFileDef }, as TF1 writes it. */
function writeAssetCollection(w: BinaryWriter, assets: AssetFileDef[]): void {
  nested(w, 4, () => {
    w.tag(1, LEN).string("saved_model_assets");
    nested(w, 2, () =>
      nested(w, 5, () => {
        for (const asset of assets) {
          nested(w, 1, () => {
            w.tag(1, LEN).string("type.googleapis.com/tensorflow.AssetFileDef");
            nested(w, 2, () => writeAsset(w, asset));
          });
        }
      }),
    );
  });
}
