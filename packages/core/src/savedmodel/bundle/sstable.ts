import { modelCorrupt, modelFormatInvalid } from "../model-error.js";
import { maskedCrc32c } from "./masked-crc.js";
import { uncompressBlock } from "./snappy-block.js";
import { ByteCursor } from "./varint.js";

const FOOTER_SIZE = 48;
const TRAILER_SIZE = 5;
const MAGIC_LO = 0x8b80fb57;
const MAGIC_HI = 0xdb477524;

/** One key/value pair of an SSTable (views into the file or a decompressed block). */
export interface TableEntry {
  key: Uint8Array;
  value: Uint8Array;
}

interface BlockHandle {
  offset: number;
  size: number;
}

/**
 * Reads every entry of an SSTable (LevelDB table format, as TensorFlow writes variables.index):
 * footer with the magic number, the index block, then each data block it points to. Block checksums
 * (masked crc32c over contents + type byte) are verified; blocks may be raw (0) or Snappy (1).
 */
export function readTable(bytes: Uint8Array, file: string): TableEntry[] {
  if (bytes.length < FOOTER_SIZE) {
    throw modelCorrupt(
      file,
      `${bytes.length} bytes is too short for a table (the footer alone is ${FOOTER_SIZE})`,
    );
  }
  const footerAt = bytes.length - FOOTER_SIZE;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    view.getUint32(bytes.length - 8, true) !== MAGIC_LO ||
    view.getUint32(bytes.length - 4, true) !== MAGIC_HI
  ) {
    throw modelCorrupt(file, "bad table magic number in the footer (the file is truncated or not an index)");
  }
  const footer = new ByteCursor(bytes, file, 0, footerAt, bytes.length - 8);
  // The metaindex block holds nothing TensorFlow uses, but its checksum is still verified.
  readBlock(bytes, readHandle(footer, footerAt), footerAt, file);
  const indexHandle = readHandle(footer, footerAt);
  const entries: TableEntry[] = [];
  for (const indexEntry of readBlock(bytes, indexHandle, footerAt, file)) {
    const handle = readHandle(new ByteCursor(indexEntry.value, file, indexHandle.offset), footerAt);
    entries.push(...readBlock(bytes, handle, footerAt, file));
  }
  return entries;
}

function readHandle(cursor: ByteCursor, limit: number): BlockHandle {
  const at = cursor.base + cursor.pos;
  const offset = cursor.varint();
  const size = cursor.varint();
  if (offset + size + TRAILER_SIZE > limit) {
    throw modelCorrupt(
      cursor.file,
      `block handle at byte ${at} points past the end of the data (${offset}+${size})`,
    );
  }
  return { offset, size };
}

function readBlock(bytes: Uint8Array, handle: BlockHandle, limit: number, file: string): TableEntry[] {
  const { offset, size } = handle;
  if (offset + size + TRAILER_SIZE > limit)
    throw modelCorrupt(file, `block at offset ${offset} is truncated`);
  const stored = bytes.subarray(offset, offset + size + 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expected = view.getUint32(offset + size + 1, true);
  if (maskedCrc32c(stored) !== expected)
    throw modelCorrupt(file, `block checksum mismatch at offset ${offset}`);
  const type = bytes[offset + size];
  const contents = stored.subarray(0, size);
  if (type === 0) return parseBlock(contents, file, offset);
  if (type === 1) return parseBlock(uncompressBlock(contents, file, offset), file, offset);
  throw modelFormatInvalid(file, `block at offset ${offset} uses unknown compression type ${type}`);
}

/** Entries of one block: prefix-compressed keys, then restart offsets (uint32 each) and their count. */
function parseBlock(block: Uint8Array, file: string, offset: number): TableEntry[] {
  if (block.length < 4) throw modelCorrupt(file, `block at offset ${offset} is too short`);
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const restarts = view.getUint32(block.length - 4, true);
  const restartsAt = block.length - 4 - restarts * 4;
  if (restarts === 0 || restartsAt < 0) {
    throw modelCorrupt(file, `block at offset ${offset} has an invalid restart count ${restarts}`);
  }
  const cursor = new ByteCursor(block, file, offset, 0, restartsAt);
  const entries: TableEntry[] = [];
  let previous = new Uint8Array(0);
  while (cursor.remaining > 0) {
    const at = cursor.pos;
    const shared = cursor.varint();
    const unshared = cursor.varint();
    const valueLength = cursor.varint();
    if (shared > previous.length) {
      throw modelCorrupt(
        file,
        `entry at byte ${at} of the block at offset ${offset} shares more key than exists`,
      );
    }
    const key = new Uint8Array(shared + unshared);
    key.set(previous.subarray(0, shared));
    key.set(cursor.take(unshared, "key"), shared);
    entries.push({ key, value: cursor.take(valueLength, "value") });
    previous = key;
  }
  return entries;
}
