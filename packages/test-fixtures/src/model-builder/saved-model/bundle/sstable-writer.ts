/// <reference path="./snappyjs.d.ts" />
import { compress } from "snappyjs";
import { maskedCrc, uint32le, varint } from "./masked-crc.js";

export interface TableEntry {
  key: Uint8Array;
  value: Uint8Array;
}

export interface TableWriteOptions {
  /** Block compression: "none" (type 0) or "snappy" (type 1, every block). Default "none". */
  compression?: "none" | "snappy";
  /** A data block is closed once it holds this many bytes. Default 4096, as LevelDB. */
  blockSize?: number;
  /** Keys between restart points. Default 16, as LevelDB. */
  restartInterval?: number;
}

const MAGIC = [0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb];

/**
 * Encodes an SSTable in LevelDB's table format, the layout of variables.index: data blocks with
 * prefix-compressed keys and restart points, an empty metaindex block, an index block, a 48-byte
 * footer. Entries must be sorted by key bytes.
 */
export function encodeTable(entries: TableEntry[], options: TableWriteOptions = {}): Uint8Array {
  const blockSize = options.blockSize ?? 4096;
  const interval = options.restartInterval ?? 16;
  const out: number[] = [];
  const writeBlock = (block: Uint8Array): [number, number] => {
    const contents = options.compression === "snappy" ? compress(block) : block;
    const type = options.compression === "snappy" ? 1 : 0;
    const offset = out.length;
    append(out, contents);
    append(out, [type, ...uint32le(maskedCrc(contents, Uint8Array.of(type)))]);
    return [offset, contents.length];
  };
  const index: TableEntry[] = [];
  let pending: TableEntry[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    const last = pending[pending.length - 1];
    if (!last) return;
    const [offset, size] = writeBlock(encodeBlock(pending, interval));
    index.push({ key: last.key, value: Uint8Array.from([...varint(offset), ...varint(size)]) });
    pending = [];
    pendingBytes = 0;
  };
  for (const entry of entries) {
    pending.push(entry);
    pendingBytes += entry.key.length + entry.value.length + 3;
    if (pendingBytes >= blockSize) flush();
  }
  flush();
  const metaindex = writeBlock(encodeBlock([], interval));
  const indexHandle = writeBlock(encodeBlock(index, 1));
  const footer = [
    ...varint(metaindex[0]),
    ...varint(metaindex[1]),
    ...varint(indexHandle[0]),
    ...varint(indexHandle[1]),
  ];
  while (footer.length < 40) footer.push(0);
  out.push(...footer, ...MAGIC);
  return Uint8Array.from(out);
}

/** One block: entries (shared, unshared, value length, key suffix, value), restart offsets, count. */
export function encodeBlock(entries: TableEntry[], interval: number): Uint8Array {
  const out: number[] = [];
  const restarts: number[] = [0];
  let previous: Uint8Array = new Uint8Array(0);
  entries.forEach(({ key, value }, i) => {
    let shared = 0;
    if (i % interval === 0) {
      if (i > 0) restarts.push(out.length);
    } else {
      while (shared < key.length && shared < previous.length && key[shared] === previous[shared]) shared++;
    }
    out.push(...varint(shared), ...varint(key.length - shared), ...varint(value.length));
    append(out, key.subarray(shared));
    append(out, value);
    previous = key;
  });
  for (const r of restarts) out.push(...uint32le(r));
  out.push(...uint32le(restarts.length));
  return Uint8Array.from(out);
}

/** Appends bytes without spreading (large values would overflow the argument stack). */
function append(out: number[], bytes: ArrayLike<number>): void {
  for (let i = 0; i < bytes.length; i++) out.push(bytes[i] as number);
}
