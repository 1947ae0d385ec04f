import { modelCorrupt } from "../model-error.js";

/** A cursor over a byte range of a file, for the hand-laid-out parts of SSTables and bundles. */
export class ByteCursor {
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    /** Offset of bytes[0] in the file, for error messages. */
    readonly base = 0,
    public pos = 0,
    readonly end = bytes.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  /** An unsigned varint of up to 64 bits as a JS number (exact to 2^53, which every real size is). */
  varint(): number {
    let result = 0;
    let scale = 1;
    const start = this.pos;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end)
        throw modelCorrupt(this.file, `truncated varint at byte ${this.base + start}`);
      const byte = this.bytes[this.pos++] as number;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw modelCorrupt(this.file, `varint longer than 10 bytes at byte ${this.base + start}`);
  }

  /** `length` bytes (a view), checked against what is left. */
  take(length: number, what: string): Uint8Array {
    if (length > this.remaining) {
      throw modelCorrupt(
        this.file,
        `${what} of ${length} bytes at byte ${this.base + this.pos} runs past the end (${this.remaining} left)`,
      );
    }
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}
