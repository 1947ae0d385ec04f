// snappyjs ships no type declarations; this is the part bqdeploy uses.
declare module "snappyjs" {
  /** Decompresses a raw Snappy block; throws when it is invalid or longer than maxLength. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses into a raw Snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
  const snappy: { uncompress: typeof uncompress; compress: typeof compress };
  export default snappy;
}
