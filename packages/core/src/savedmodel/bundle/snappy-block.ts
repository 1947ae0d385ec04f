/// <reference path="./snappyjs.d.ts" />
import snappy from "snappyjs";
import { modelCorrupt } from "../model-error.js";

/**
 * Decompresses a raw Snappy block of an SSTable. The element stream is checked first (lengths
 * unsigned and in bounds, copies behind the write position, total = the declared length), so
 * crafted input can neither make snappyjs loop (it reads literal lengths as signed) nor allocate
 * more than the stream can produce.
 */
export function uncompressBlock(block: Uint8Array, file: string, offset: number): Uint8Array {
  const length = checkStream(block);
  if (length === undefined)
    throw modelCorrupt(file, `Snappy block at offset ${offset} is not valid Snappy data`);
  try {
    return snappy.uncompress(block, length);
  } catch (cause) {
    throw modelCorrupt(file, `Snappy block at offset ${offset} does not decompress`, cause);
  }
}

/** The declared uncompressed length when the element stream is consistent, else undefined. */
function checkStream(block: Uint8Array): number | undefined {
  let pos = 0;
  let declared = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= block.length || shift > 28) return undefined;
    const byte = block[pos++] as number;
    declared += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) break;
  }
  let out = 0;
  while (pos < block.length) {
    const tag = block[pos++] as number;
    let length: number;
    let copyOffset = 0;
    switch (tag & 3) {
      case 0: {
        length = (tag >>> 2) + 1;
        if (length > 60) {
          const extra = length - 60;
          if (pos + extra > block.length) return undefined;
          length = 0;
          for (let i = extra - 1; i >= 0; i--) length = length * 256 + (block[pos + i] as number);
          length += 1;
          pos += extra;
        }
        if (pos + length > block.length) return undefined;
        pos += length;
        break;
      }
      case 1:
        if (pos + 1 > block.length) return undefined;
        length = ((tag >>> 2) & 7) + 4;
        copyOffset = ((tag >>> 5) << 8) | (block[pos] as number);
        pos += 1;
        break;
      case 2:
        if (pos + 2 > block.length) return undefined;
        length = (tag >>> 2) + 1;
        copyOffset = (block[pos] as number) | ((block[pos + 1] as number) << 8);
        pos += 2;
        break;
      default:
        if (pos + 4 > block.length) return undefined;
        length = (tag >>> 2) + 1;
        copyOffset = new DataView(block.buffer, block.byteOffset + pos, 4).getUint32(0, true);
        pos += 4;
    }
    if ((tag & 3) !== 0 && (copyOffset === 0 || copyOffset > out)) return undefined;
    out += length;
    if (out > declared) return undefined;
  }
  return out === declared ? declared : undefined;
}
