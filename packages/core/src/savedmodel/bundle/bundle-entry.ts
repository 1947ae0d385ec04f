import { dtypeName } from "../dtype.js";
import { modelCorrupt, modelFormatInvalid } from "../model-error.js";
import { readShape } from "../proto/tensor-shape.js";
import { WireReader } from "../proto/wire-reader.js";
import type { BundleEntry } from "../types.js";

/** BundleHeaderProto: num_shards (1), endianness (2: 0 little, 1 big), version (3). */
export interface BundleHeader {
  numShards: number;
  endianness: number;
}

/** More shards than this is damage: BigQuery ML writes one or two. */
const MAX_SHARDS = 10_000;

export function readBundleHeader(value: Uint8Array, file: string): BundleHeader {
  const r = new WireReader(value, file);
  const header: BundleHeader = { numShards: 1, endianness: 0 };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 0) header.numShards = r.int32();
    else if (field === 2 && wire === 0) header.endianness = r.varint();
    else r.skip(wire);
  }
  if (header.numShards < 1 || header.numShards > MAX_SHARDS) {
    throw modelCorrupt(file, `the bundle header gives ${header.numShards} data shards`);
  }
  if (header.endianness !== 0) {
    throw modelFormatInvalid(
      file,
      "variables were written big-endian; only little-endian bundles can be read",
    );
  }
  return header;
}

/**
 * BundleEntryProto: dtype (1), shape (2), shard_id (3), offset (4), size (5), crc32c (6, fixed32),
 * slices (7, TensorSliceProto { extent = 1 { start = 1, length = 2 } }; no length = the whole dim, -1).
 */
export function readBundleEntry(value: Uint8Array, file: string, name: string): BundleEntry {
  const r = new WireReader(value, file);
  const entry: BundleEntry = {
    dtype: dtypeName(0),
    shape: [],
    shardId: 0,
    offset: 0,
    size: 0,
    crc32c: 0,
    slices: [],
  };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 0) entry.dtype = dtypeName(r.varint());
    else if (field === 2 && wire === 2) entry.shape = readShape(r.message()) ?? [];
    else if (field === 3 && wire === 0) entry.shardId = r.int32();
    else if (field === 4 && wire === 0) entry.offset = r.varint();
    else if (field === 5 && wire === 0) entry.size = r.varint();
    else if (field === 6 && wire === 5) entry.crc32c = r.fixed32();
    else if (field === 7 && wire === 2) entry.slices.push(readSlice(r.message()));
    else r.skip(wire);
  }
  if (entry.shape.some((d) => d < 0) || entry.shardId < 0) {
    throw modelCorrupt(file, `entry "${name}" has a negative dimension or shard`);
  }
  return entry;
}

function readSlice(r: WireReader): { start: number; length: number }[] {
  const extents: { start: number; length: number }[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) extents.push(readExtent(r.message()));
    else r.skip(wire);
  }
  return extents;
}

function readExtent(r: WireReader): { start: number; length: number } {
  const extent = { start: 0, length: -1 };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 0) extent.start = r.varint();
    else if (field === 2 && wire === 0) extent.length = r.varint();
    else r.skip(wire);
  }
  return extent;
}
