import type { AssetFileDef } from "../types.js";
import { readAssetFileDef } from "./signature-def.js";
import type { WireReader } from "./wire-reader.js";

const ASSET_TYPE = "type.googleapis.com/tensorflow.AssetFileDef";

/**
 * The AssetFileDefs of a CollectionDef whose any_list (5: { repeated Any value = 1 }) holds
 * Any { type_url = 1, value = 2 } messages, as TF1-style exports write saved_model_assets.
 */
export function readAnyAssets(r: WireReader): AssetFileDef[] {
  const assets: AssetFileDef[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field !== 5 || wire !== 2) {
      r.skip(wire);
      continue;
    }
    const list = r.message();
    for (let g = list.next(); g; g = list.next()) {
      if (g[0] === 1 && g[1] === 2) {
        const asset = readAny(list.message());
        if (asset) assets.push(asset);
      } else list.skip(g[1]);
    }
  }
  return assets;
}

function readAny(r: WireReader): AssetFileDef | undefined {
  let type = "";
  let value: WireReader | undefined;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) type = r.string();
    else if (field === 2 && wire === 2) value = r.message();
    else r.skip(wire);
  }
  return type === ASSET_TYPE && value ? readAssetFileDef(value) : undefined;
}
