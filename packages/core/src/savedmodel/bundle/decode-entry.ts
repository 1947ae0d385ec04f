import type { Tensor } from "../../protocol/tensor.js";
import { shapeSize } from "../../protocol/tensor.js";
import { elementSize, isKnownDType } from "../dtype.js";
import { modelCorrupt, modelFormatInvalid } from "../model-error.js";
import { bytesToString, decodeRawNumeric } from "../raw-tensor.js";
import type { BundleEntry } from "../types.js";
import { extendCrc32c, maskCrc } from "./masked-crc.js";
import { ByteCursor } from "./varint.js";

/**
 * Decodes one variable from its data shard, verifying the entry's masked crc32c. Numeric tensors are
 * raw little-endian; string tensors are varint lengths, a masked crc32c of the lengths (as uint32),
 * then the bytes (the entry crc covers the uint32 lengths, the 4 checksum bytes and the bytes).
 */
export function decodeEntry(entry: BundleEntry, shard: Uint8Array, name: string, shardFile: string): Tensor {
  const { dtype, shape, offset, size } = entry;
  if (!isKnownDType(dtype))
    throw modelFormatInvalid(shardFile, `variable "${name}" has unsupported type ${dtype}`);
  if (offset + size > shard.length) {
    throw modelCorrupt(
      shardFile,
      `variable "${name}" (bytes ${offset}..${offset + size}) runs past the end of the file`,
    );
  }
  const bytes = shard.subarray(offset, offset + size);
  const count = shapeSize(shape);
  if (dtype === "DT_STRING")
    return { dtype, shape, data: decodeStrings(entry, bytes, count, name, shardFile) };
  if (count * elementSize(dtype) !== size) {
    throw modelCorrupt(shardFile, `variable "${name}" has ${size} bytes for ${count} ${dtype} values`);
  }
  if (maskCrc(extendCrc32c(0, bytes)) !== entry.crc32c) {
    throw modelCorrupt(shardFile, `checksum mismatch for variable "${name}" at offset ${offset}`);
  }
  return { dtype, shape, data: decodeRawNumeric(dtype, bytes, count) };
}

function decodeStrings(
  entry: BundleEntry,
  bytes: Uint8Array,
  count: number,
  name: string,
  file: string,
): string[] {
  // Every element needs at least one length byte: more elements than bytes is damage, not a huge array.
  if (count > bytes.length)
    throw modelCorrupt(file, `variable "${name}" has ${bytes.length} bytes for ${count} strings`);
  const cursor = new ByteCursor(bytes, file, entry.offset);
  const lengths: number[] = [];
  let crc = 0;
  const length32 = new Uint8Array(4);
  const view = new DataView(length32.buffer);
  for (let i = 0; i < count; i++) {
    const length = cursor.varint();
    lengths.push(length);
    view.setUint32(0, length >>> 0, true);
    crc = extendCrc32c(crc, length32);
  }
  const stored = cursor.take(4, `checksum of the lengths of "${name}"`);
  if (new DataView(stored.buffer, stored.byteOffset, 4).getUint32(0, true) !== maskCrc(crc)) {
    throw modelCorrupt(file, `checksum mismatch for the string lengths of variable "${name}"`);
  }
  crc = extendCrc32c(crc, stored);
  const out: string[] = [];
  for (const length of lengths) {
    const value = cursor.take(length, `string of "${name}"`);
    crc = extendCrc32c(crc, value);
    out.push(bytesToString(value));
  }
  if (cursor.remaining !== 0)
    throw modelCorrupt(file, `variable "${name}" has ${cursor.remaining} bytes left over`);
  if (maskCrc(crc) !== entry.crc32c) throw modelCorrupt(file, `checksum mismatch for variable "${name}"`);
  return out;
}
