// crc-32 ships types for crc32.js only; crc32c.js has the same API. (Imported with its .js extension:
// the package has no "exports" map, so plain Node ESM needs the file name.)
declare module "crc-32/crc32c.js" {
  const CRC32C: { buf(data: Uint8Array, seed?: number): number };
  export default CRC32C;
}
