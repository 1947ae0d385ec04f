// snappyjs ships no type declarations; the builder only compresses.
declare module "snappyjs" {
  /** Compresses into a raw Snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
