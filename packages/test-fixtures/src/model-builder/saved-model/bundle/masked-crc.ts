import { crc32c } from "@bqdeploy/core";

/** LevelDB / TensorFlow's masked crc32c (written independently of core's reader, as a cross-check). */
export function maskedCrc(...parts: Uint8Array[]): number {
  let crc = 0;
  for (const part of parts) crc = crc32c(part, crc);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

/** An unsigned LEB128 varint (up to 2^53). */
export function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

export function uint32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}
