import { createRequire } from "node:module";

// crc-32 (SheetJS) ships CRC-32C as plain JavaScript: no native binary, so it bundles and runs
// anywhere Node runs (including the Docker test image).
const CRC32C = createRequire(import.meta.url)("crc-32/crc32c") as {
  buf(data: Uint8Array, seed?: number): number;
};

/**
 * CRC-32C (Castagnoli) of `data`, continuing from `previous` (the CRC of the bytes before it), as an
 * unsigned 32-bit integer: what Cloud Storage's x-goog-hash and TensorFlow's TensorBundle use.
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  return CRC32C.buf(data, previous) >>> 0;
}
