// crc-32 (SheetJS) ships CRC-32C as plain JavaScript: no native binary, so it bundles (esbuild follows
// this static import) and runs anywhere Node runs, including the Docker test image.
/// <reference path="./crc-32-crc32c.d.ts" />
import CRC32C from "crc-32/crc32c.js";

/**
 * CRC-32C (Castagnoli) of `data`, continuing from `previous` (the CRC of the bytes before it), as an
 * unsigned 32-bit integer: what Cloud Storage's x-goog-hash and TensorFlow's TensorBundle use.
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  return CRC32C.buf(data, previous) >>> 0;
}
