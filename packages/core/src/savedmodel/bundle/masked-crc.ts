import { crc32c } from "../../checksum/index.js";

const MASK_DELTA = 0xa282ead8;

/** LevelDB / TensorFlow's masked crc32c: rotate right by 15 and add a constant (mod 2^32). */
export function maskCrc(crc: number): number {
  return (((crc >>> 15) | (crc << 17)) + MASK_DELTA) >>> 0;
}

/** crc32c over the parts in order, masked. */
export function maskedCrc32c(...parts: Uint8Array[]): number {
  let crc = 0;
  for (const part of parts) crc = crc32c(part, crc);
  return maskCrc(crc);
}

/** crc32c over the parts in order (unmasked), continuing from `crc`. */
export function extendCrc32c(crc: number, part: Uint8Array): number {
  return crc32c(part, crc);
}
