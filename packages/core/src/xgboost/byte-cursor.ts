import { BqdeployError } from "../errors/index.js";

/**
 * A bounds-checked little-endian reader over a file's bytes. Every read first checks that the bytes
 * are there, so a truncated or corrupt file becomes a MODEL_CORRUPT error naming the file and what
 * was being read, never a RangeError or a huge allocation.
 */
export class ByteCursor {
  private readonly view: DataView;
  offset = 0;

  constructor(
    readonly bytes: Uint8Array,
    /** The file's name as messages show it, e.g. "model.bst". */
    readonly fileName: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  /** A MODEL_CORRUPT error about this file. */
  corrupt(what: string): BqdeployError {
    return new BqdeployError(
      "MODEL_CORRUPT",
      `${this.fileName}: ${what}. The file is truncated or corrupt: export the model again ` +
        "(bq extract -m ... --destination_format ML_XGBOOST_BOOSTER) and download it again.",
      { details: { file: this.fileName, offset: this.offset, size: this.bytes.byteLength } },
    );
  }

  /** Throws unless `count` more bytes are there for `what`. */
  need(count: number, what: string): void {
    if (count > this.remaining) {
      throw this.corrupt(
        `${what} needs ${count} bytes at offset ${this.offset} but the file has ${this.remaining} left`,
      );
    }
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f32(what: string): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.offset, true);
    this.offset += 4;
    return v;
  }

  /** An unsigned 64-bit length; anything beyond the bytes left is corrupt, so it always fits a number. */
  length64(what: string): number {
    this.need(8, what);
    const low = this.view.getUint32(this.offset, true);
    const high = this.view.getUint32(this.offset + 4, true);
    this.offset += 8;
    return high === 0 ? low : Number.POSITIVE_INFINITY;
  }

  /** A u64-length-prefixed string (XGBoost's dmlc::Stream string), capped at `maxLength` bytes. */
  string(what: string, maxLength = 4096): string {
    const start = this.offset;
    const length = this.length64(`the length of ${what}`);
    if (length > maxLength || length > this.remaining) {
      this.offset = start;
      const shown = Number.isFinite(length) ? String(length) : "more than 2^32";
      throw this.corrupt(
        `${what} at offset ${start} declares ${shown} bytes but the file has ${this.remaining - 8} left`,
      );
    }
    const text = new TextDecoder("utf-8", { fatal: false }).decode(
      this.bytes.subarray(this.offset, this.offset + length),
    );
    this.offset += length;
    return text;
  }

  /** Skips `count` bytes (reserved fields). */
  skip(count: number, what: string): void {
    this.need(count, what);
    this.offset += count;
  }

  /** A view of the next `count` bytes, advancing past them. */
  take(count: number, what: string): DataView {
    this.need(count, what);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, count);
    this.offset += count;
    return v;
  }
}
