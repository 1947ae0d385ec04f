import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { modelCorrupt, modelFormatInvalid } from "../model-error.js";

const utf8 = new TextDecoder();

/** Nested messages deeper than this are refused (AttrValue -> func -> attr can recurse). */
const MAX_DEPTH = 64;

/**
 * A bounds-checked protobuf wire reader over @bufbuild/protobuf's BinaryReader. Every read checks the
 * remaining bytes first, so damaged input gives a MODEL_CORRUPT error naming the file and the byte
 * offset (relative to the file, also inside nested messages) instead of garbage or a huge allocation.
 */
export class WireReader {
  private readonly reader: BinaryReader;

  constructor(
    private readonly buf: Uint8Array,
    /** File name for error messages, relative to the model folder. */
    readonly file: string,
    /** Offset of buf[0] in the file. */
    private readonly base = 0,
    private readonly depth = 0,
  ) {
    if (depth > MAX_DEPTH)
      throw modelFormatInvalid(file, `messages nested deeper than ${MAX_DEPTH} at byte ${base}`);
    this.reader = new BinaryReader(buf);
  }

  /** Offset of the next byte in the file. */
  get offset(): number {
    return this.base + this.reader.pos;
  }

  get done(): boolean {
    return this.reader.pos >= this.buf.length;
  }

  /** Next field number and wire type, or undefined at the end of the message. */
  next(): [field: number, wire: WireType] | undefined {
    if (this.done) return undefined;
    const at = this.offset;
    this.checkVarint();
    const tag = this.reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0 || wire > 5) throw modelCorrupt(this.file, `invalid field tag ${tag} at byte ${at}`);
    return [field, wire];
  }

  /** A varint as a JS number (exact up to 2^53; int64 fields larger than that lose precision). */
  varint(): number {
    this.checkVarint();
    return Number(this.reader.int64());
  }

  uint32(): number {
    this.checkVarint();
    return this.reader.uint32();
  }

  /** An int32 field: negative values are encoded as 10-byte varints. */
  int32(): number {
    this.checkVarint();
    return Number(this.reader.int64()) | 0;
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  float(): number {
    this.need(4, "float");
    return this.reader.float();
  }

  fixed32(): number {
    this.need(4, "fixed32");
    return this.reader.fixed32();
  }

  double(): number {
    this.need(8, "double");
    return this.reader.double();
  }

  /** Length-delimited bytes (a view into the file's buffer, not a copy). */
  bytes(): Uint8Array {
    const at = this.offset;
    const length = this.uint32();
    if (length > this.buf.length - this.reader.pos) {
      throw modelCorrupt(this.file, `length ${length} at byte ${at} runs past the end of the data`);
    }
    const start = this.reader.pos;
    this.reader.pos += length;
    return this.buf.subarray(start, start + length);
  }

  string(): string {
    return utf8.decode(this.bytes());
  }

  /** A reader over a nested message. */
  message(): WireReader {
    const bytes = this.bytes();
    return new WireReader(bytes, this.file, this.offset - bytes.length, this.depth + 1);
  }

  /**
   * Reads a packed run (wire type 2) or a single unpacked value (wire type `scalar`: 0 varint,
   * 1 fixed64, 5 fixed32) of a repeated scalar field.
   */
  repeated(wire: WireType, scalar: WireType, read: (r: WireReader) => number, into: number[]): void {
    if (wire === scalar) {
      into.push(read(this));
      return;
    }
    if (wire !== WireType.LengthDelimited) {
      throw modelCorrupt(
        this.file,
        `unexpected wire type ${wire} for a repeated field at byte ${this.offset}`,
      );
    }
    const packed = this.message();
    while (!packed.done) into.push(read(packed));
  }

  /** Skips a field this schema does not need. */
  skip(wire: WireType): void {
    const at = this.offset;
    switch (wire) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Bit64:
        this.need(8, "fixed64");
        this.reader.pos += 8;
        return;
      case WireType.Bit32:
        this.need(4, "fixed32");
        this.reader.pos += 4;
        return;
      case WireType.LengthDelimited:
        this.bytes();
        return;
      default:
        throw modelCorrupt(this.file, `unsupported wire type ${wire} at byte ${at}`);
    }
  }

  private need(size: number, what: string): void {
    if (this.buf.length - this.reader.pos < size) {
      throw modelCorrupt(this.file, `truncated ${what} at byte ${this.offset}`);
    }
  }

  private checkVarint(): void {
    const pos = this.reader.pos;
    const end = Math.min(this.buf.length, pos + 10);
    for (let i = pos; i < end; i++) {
      if ((this.buf[i] as number) < 0x80) return;
    }
    if (end - pos === 10) throw modelCorrupt(this.file, `varint longer than 10 bytes at byte ${this.offset}`);
    throw modelCorrupt(this.file, `truncated varint at byte ${this.offset}`);
  }
}
