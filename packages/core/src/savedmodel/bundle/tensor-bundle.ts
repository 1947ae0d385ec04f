import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Tensor } from "../../protocol/tensor.js";
import { isKnownDType } from "../dtype.js";
import { modelCorrupt, modelFormatInvalid } from "../model-error.js";
import { bytesToString } from "../raw-tensor.js";
import type { BundleEntry } from "../types.js";
import { assembleSlices } from "./assemble-slices.js";
import { readBundleEntry, readBundleHeader } from "./bundle-entry.js";
import { decodeEntry } from "./decode-entry.js";
import { sliceKey } from "./slice-key.js";
import { readTable } from "./sstable.js";

/** What a TensorBundle (variables/variables.index + data shards) holds. */
export interface TensorBundle {
  numShards: number;
  /** Variable name -> its index entry (slice entries of partitioned variables are not listed). */
  entries: Map<string, BundleEntry>;
  /** Variable name -> value, checked against the entry checksums. */
  variables: Map<string, Tensor>;
}

/** The file name of data shard `id` of `count`, e.g. variables.data-00000-of-00001. */
export function shardFileName(prefix: string, id: number, count: number): string {
  return `${prefix}.data-${String(id).padStart(5, "0")}-of-${String(count).padStart(5, "0")}`;
}

/**
 * Reads a TensorBundle: `<dir>/<prefix>.index` and its data shards. `label` is the folder as error
 * messages name it (e.g. "variables").
 */
export async function readTensorBundle(dir: string, prefix: string, label: string): Promise<TensorBundle> {
  const indexFile = `${label}/${prefix}.index`;
  const table = readTable(await readModelFile(join(dir, `${prefix}.index`), indexFile), indexFile);
  const first = table[0];
  if (first?.key.length !== 0)
    throw modelFormatInvalid(indexFile, "the bundle header (empty key) is missing");
  const header = readBundleHeader(first.value, indexFile);
  const entries = new Map<string, BundleEntry>();
  const slices = new Map<string, BundleEntry>();
  for (const { key, value } of table.slice(1)) {
    const name = key[0] === 0 ? Buffer.from(key).toString("latin1") : bytesToString(key);
    const entry = readBundleEntry(value, indexFile, name);
    if (entry.shardId >= header.numShards) {
      throw modelCorrupt(indexFile, `variable "${name}" is in shard ${entry.shardId} of ${header.numShards}`);
    }
    (key[0] === 0 ? slices : entries).set(name, entry);
  }
  const shards = new Map<number, Uint8Array>();
  const shard = async (id: number): Promise<[Uint8Array, string]> => {
    const name = shardFileName(prefix, id, header.numShards);
    let bytes = shards.get(id);
    if (!bytes) {
      bytes = await readModelFile(join(dir, name), `${label}/${name}`);
      shards.set(id, bytes);
    }
    return [bytes, `${label}/${name}`];
  };
  const variables = new Map<string, Tensor>();
  for (const [name, entry] of entries) {
    if (entry.slices.length === 0) {
      const [bytes, file] = await shard(entry.shardId);
      variables.set(name, decodeEntry(entry, bytes, name, file));
      continue;
    }
    const dtype = entry.dtype;
    if (!isKnownDType(dtype))
      throw modelFormatInvalid(indexFile, `variable "${name}" has unsupported type ${dtype}`);
    const parts = [];
    for (const extents of entry.slices) {
      const key = sliceKey(name, extents);
      const part = slices.get(key);
      if (!part) throw modelCorrupt(indexFile, `a slice of partitioned variable "${name}" is missing`);
      const [bytes, file] = await shard(part.shardId);
      parts.push({ extents, tensor: decodeEntry(part, bytes, name, file) });
    }
    variables.set(name, assembleSlices(name, dtype, entry.shape, parts, indexFile));
  }
  return { numShards: header.numShards, entries, variables };
}

/** Reads a file of the model; a missing one is MODEL_CORRUPT naming it (an incomplete download). */
export async function readModelFile(path: string, label: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw modelCorrupt(label, "the file is missing", cause);
    throw modelCorrupt(label, `cannot be read (${code ?? String(cause)})`, cause);
  }
}
