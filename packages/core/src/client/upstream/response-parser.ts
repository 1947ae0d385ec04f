import { UpstreamError } from "./upstream-error.js";

/** Bounds on what a replica may send; beyond them the answer is malformed. */
export interface ResponseLimits {
  /** Bytes of an answer head (status line and headers, up to the empty line); also of its trailers. */
  maxHeaderBytes: number;
  /** Header lines of an answer head; also trailer lines of a chunked body. */
  maxHeaders: number;
  /** Bytes of a body. */
  maxBodyBytes: number;
}

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxHeaderBytes: 16 * 1024,
  maxHeaders: 128,
  maxBodyBytes: 512 * 1024 * 1024,
};

/** What `execute()` says about the bytes it was given. */
export const NEED_MORE = 0;
export const COMPLETE = 1;

// Where the parser is in an answer.
const HEAD = 0;
const BODY_LENGTH = 1;
const BODY_UNTIL_CLOSE = 2;
const CHUNK_SIZE = 3;
const CHUNK_DATA = 4;
const CHUNK_DATA_END = 5;
const TRAILERS = 6;
const DONE = 7;

const CR = 13;
const LF = 10;
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
/** A chunk-size line: hex digits (at most 12: below 2^48), then nothing or chunk extensions. */
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,12})(?:[\t ]*;[^\x00-\x08\x0a-\x1f\x7f]*)?$/;
const MAX_CHUNK_LINE = 4096;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-5][0-9][0-9])(?: [^\x00-\x08\x0a-\x1f\x7f]*)?$/;
/** `name: value` with a token name, no space before the colon and no control characters but HTAB. */
const HEADER_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\x00-\x08\x0a-\x1f\x7f]*$/;
const EMPTY = Buffer.alloc(0);

/**
 * A strict, incremental HTTP/1.1 response parser for one connection: feed it the bytes of the socket
 * with `execute()` (it copies what it keeps: the caller may reuse its buffer), tell it of the end of
 * the stream with `finish()`. Informational (1xx) answers are skipped; the body is framed by
 * Content-Length, chunked transfer coding (extensions and trailers read and dropped) or the end of
 * the stream; 204 and 304 have none. Anything else (bad status line, header syntax or chunk size,
 * conflicting framing, a limit passed, an upgrade) throws an {@link UpstreamError} ERR_UPSTREAM_PROTOCOL,
 * after which the connection must be dropped.
 */
export class ResponseParser {
  // The answer, once `execute()` returned COMPLETE.
  status = 0;
  /** The first Content-Type header's value, if any. */
  contentType: string | undefined;
  body: Buffer = EMPTY;
  /** False when the connection must not carry another request (Connection: close, HTTP/1.0, ...). */
  keepAlive = true;
  /** How long the peer keeps an idle connection open, from a `Keep-Alive: timeout=<s>` header. */
  keepAliveMs: number | undefined;
  /** Bytes given to the last `execute()` after the end of the answer (a keep-alive peer sends none). */
  extra = 0;

  private state = HEAD;
  /** Bytes of a head (or a chunk-size or trailer line) not complete yet. */
  private pending: Buffer | undefined;
  /** Body bytes still due: of the Content-Length, or of the current chunk. */
  private remaining = 0;
  private bodySize = 0;
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private trailerBytes = 0;
  private trailerLines = 0;

  constructor(private readonly limits: ResponseLimits = DEFAULT_RESPONSE_LIMITS) {}

  /** Ready for the answer to the next request. */
  reset(): void {
    this.state = HEAD;
    this.status = 0;
    this.contentType = undefined;
    this.body = EMPTY;
    this.keepAlive = true;
    this.keepAliveMs = undefined;
    this.extra = 0;
    this.pending = undefined;
    this.remaining = 0;
    this.bodySize = 0;
    this.first = undefined;
    this.chunks = undefined;
    this.trailerBytes = 0;
    this.trailerLines = 0;
  }

  /** True before the first byte of an answer (nothing pending, nothing parsed). */
  get idle(): boolean {
    return this.state === HEAD && this.pending === undefined && this.status === 0;
  }

  /** Keeps up to `remaining` body bytes from `pos`; moves to `next` once they are all in. */
  private readCounted(data: Buffer, pos: number, next: number): number {
    const n = Math.min(this.remaining, data.length - pos);
    this.keep(data, pos, pos + n);
    this.remaining -= n;
    if (this.remaining === 0) this.state = next;
    return pos + n;
  }

  /** Parses `data`; COMPLETE when the answer is whole (its bytes past the end counted in `extra`). */
  execute(data: Buffer): number {
    let pos = 0;
    const end = data.length;
    while (pos < end || this.state === DONE) {
      switch (this.state) {
        case HEAD:
          pos = this.readHead(data, pos);
          break;
        case BODY_LENGTH:
          pos = this.readCounted(data, pos, DONE);
          break;
        case BODY_UNTIL_CLOSE:
          this.keep(data, pos, end);
          pos = end;
          break;
        case CHUNK_SIZE:
          pos = this.readChunkSize(data, pos);
          break;
        case CHUNK_DATA:
          pos = this.readCounted(data, pos, CHUNK_DATA_END);
          break;
        case CHUNK_DATA_END:
          pos = this.readChunkEnd(data, pos);
          break;
        case TRAILERS:
          pos = this.readTrailer(data, pos);
          break;
        case DONE:
          this.finishBody();
          this.extra = end - pos;
          return COMPLETE;
      }
    }
    return NEED_MORE;
  }

  /**
   * The stream ended: COMPLETE for a body read until the end of the stream; throws
   * ERR_UPSTREAM_CLOSED when an answer was under way or none came.
   */
  finish(): number {
    if (this.state === BODY_UNTIL_CLOSE) {
      this.state = DONE;
      this.finishBody();
      return COMPLETE;
    }
    throw new UpstreamError(
      "ERR_UPSTREAM_CLOSED",
      this.idle
        ? "other side closed the connection before answering"
        : "other side closed the connection in the middle of its answer",
    );
  }

  /** Reads head bytes from `pos`; on the empty line, the head parsed and the body framed. */
  private readHead(data: Buffer, pos: number): number {
    const { maxHeaderBytes } = this.limits;
    let buf: Buffer;
    let from: number;
    let base: number; // where `buf` starts in `data` (negative: pending bytes before it)
    if (this.pending === undefined) {
      buf = data;
      from = pos;
      base = 0;
    } else {
      const before = this.pending.length;
      buf = Buffer.concat([this.pending, data.subarray(pos)]);
      from = Math.max(0, before - 3);
      base = pos - before;
    }
    const start = this.pending === undefined ? pos : 0;
    const at = buf.indexOf(HEAD_END, from);
    if (at < 0) {
      if (buf.length - start > maxHeaderBytes) throw protocol("the answer's head is too large");
      this.pending = copy(buf, start, buf.length);
      return data.length;
    }
    if (at + 4 - start > maxHeaderBytes) throw protocol("the answer's head is too large");
    this.pending = undefined;
    this.parseHead(buf.toString("latin1", start, at));
    return at + 4 + base;
  }

  private parseHead(head: string): void {
    const lines = head.split("\r\n");
    const statusLine = lines[0]!;
    const status = STATUS_LINE.exec(statusLine);
    if (status === null) throw protocol(`malformed status line ${quote(statusLine)}`);
    if (lines.length - 1 > this.limits.maxHeaders) throw protocol("the answer has too many headers");
    const code = Number(status[2]);
    let contentType: string | undefined;
    let length = -1;
    let chunked = false;
    let hasEncoding = false;
    let close = status[1] === "0";
    let keepAliveMs: number | undefined;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      if (!HEADER_LINE.test(line)) throw protocol(`malformed header line ${quote(line)}`);
      const colon = line.indexOf(":");
      // Only a few names matter; compare their length before the string.
      switch (colon) {
        case 12:
          if (contentType === undefined && lower(line, colon) === "content-type") {
            contentType = headerValue(line, colon);
          }
          break;
        case 14:
          if (lower(line, colon) === "content-length") {
            const value = headerValue(line, colon);
            if (!/^[0-9]{1,15}$/.test(value)) throw protocol(`bad Content-Length ${quote(value)}`);
            const n = Number(value);
            if (length >= 0 && n !== length) throw protocol("conflicting Content-Length headers");
            length = n;
          }
          break;
        case 17:
          if (lower(line, colon) === "transfer-encoding") {
            const value = headerValue(line, colon).toLowerCase();
            if (hasEncoding || value !== "chunked") {
              throw protocol(`unsupported Transfer-Encoding ${quote(value)}`);
            }
            hasEncoding = true;
            chunked = true;
          }
          break;
        case 10: {
          const name = lower(line, colon);
          if (name === "connection") {
            if (/(?:^|,)[\t ]*close[\t ]*(?:,|$)/i.test(line.slice(11))) close = true;
          } else if (name === "keep-alive") {
            const timeout = /(?:^|[,;])[\t ]*timeout[\t ]*=[\t ]*([0-9]{1,6})(?![0-9])/i.exec(line.slice(11));
            if (timeout !== null) keepAliveMs = Number(timeout[1]) * 1000;
          }
          break;
        }
      }
    }
    if (code < 200) {
      // Informational: another head follows (an upgrade was never asked for).
      if (code === 101) throw protocol("unexpected 101 Switching Protocols");
      return;
    }
    this.status = code;
    this.contentType = contentType;
    this.keepAlive = !close;
    this.keepAliveMs = keepAliveMs;
    if (code === 204 || code === 304) {
      this.state = DONE;
      return;
    }
    if (chunked) {
      if (length >= 0) throw protocol("both Content-Length and Transfer-Encoding");
      this.state = CHUNK_SIZE;
    } else if (length >= 0) {
      if (length > this.limits.maxBodyBytes) throw protocol("the answer's body is too large");
      this.remaining = length;
      this.state = length === 0 ? DONE : BODY_LENGTH;
    } else {
      this.keepAlive = false;
      this.state = BODY_UNTIL_CLOSE;
    }
  }

  /** A line ending in CRLF from `pos` (with pending bytes before it), or undefined (kept for later). */
  private readLine(data: Buffer, pos: number, limit: number): { line: string; next: number } | undefined {
    const nl = data.indexOf(LF, pos);
    const pendingLength = this.pending?.length ?? 0;
    if (nl < 0) {
      if (pendingLength + data.length - pos > limit) throw protocol("a line of the chunked body is too long");
      this.pending =
        this.pending === undefined
          ? copy(data, pos, data.length)
          : Buffer.concat([this.pending, data.subarray(pos)]);
      return undefined;
    }
    if (pendingLength + nl - pos > limit) throw protocol("a line of the chunked body is too long");
    let line: string;
    if (this.pending === undefined) line = data.toString("latin1", pos, nl);
    else {
      line = this.pending.toString("latin1") + data.toString("latin1", pos, nl);
      this.pending = undefined;
    }
    if (line.charCodeAt(line.length - 1) !== CR) throw protocol("a line of the chunked body without CRLF");
    return { line: line.slice(0, -1), next: nl + 1 };
  }

  private readChunkSize(data: Buffer, pos: number): number {
    const read = this.readLine(data, pos, MAX_CHUNK_LINE);
    if (read === undefined) return data.length;
    const match = CHUNK_SIZE_LINE.exec(read.line);
    if (match === null) throw protocol(`malformed chunk size ${quote(read.line)}`);
    const size = Number.parseInt(match[1]!, 16);
    if (size === 0) this.state = TRAILERS;
    else {
      if (this.bodySize + size > this.limits.maxBodyBytes) throw protocol("the answer's body is too large");
      this.remaining = size;
      this.state = CHUNK_DATA;
    }
    return read.next;
  }

  /** The CRLF after a chunk's data (possibly split between two reads). */
  private readChunkEnd(data: Buffer, pos: number): number {
    const seen = this.pending?.length ?? 0;
    const expect = seen === 0 ? CR : LF;
    if (data[pos] !== expect) throw protocol("chunk data not followed by CRLF");
    if (seen === 0 && pos + 1 < data.length) {
      if (data[pos + 1] !== LF) throw protocol("chunk data not followed by CRLF");
      this.state = CHUNK_SIZE;
      return pos + 2;
    }
    if (seen === 0) {
      this.pending = Buffer.from([CR]);
    } else {
      this.pending = undefined;
      this.state = CHUNK_SIZE;
    }
    return pos + 1;
  }

  private readTrailer(data: Buffer, pos: number): number {
    const { maxHeaderBytes, maxHeaders } = this.limits;
    const read = this.readLine(data, pos, maxHeaderBytes);
    if (read === undefined) return data.length;
    const { line } = read;
    if (line.length === 0) {
      this.state = DONE;
      return read.next;
    }
    this.trailerBytes += line.length + 2;
    this.trailerLines++;
    if (this.trailerBytes > maxHeaderBytes || this.trailerLines > maxHeaders) {
      throw protocol("the answer's trailers are too large");
    }
    if (!HEADER_LINE.test(line)) throw protocol(`malformed trailer line ${quote(line)}`);
    return read.next;
  }

  /** Keeps body bytes [from, to) of `data` (copied). */
  private keep(data: Buffer, from: number, to: number): void {
    if (to <= from) return;
    this.bodySize += to - from;
    if (this.bodySize > this.limits.maxBodyBytes) throw protocol("the answer's body is too large");
    const part = copy(data, from, to);
    if (this.first === undefined) this.first = part;
    else if (this.chunks === undefined) this.chunks = [this.first, part];
    else this.chunks.push(part);
  }

  private finishBody(): void {
    this.body = this.chunks ? Buffer.concat(this.chunks, this.bodySize) : (this.first ?? EMPTY);
    this.first = undefined;
    this.chunks = undefined;
  }
}

function copy(data: Buffer, from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe(to - from);
  data.copy(out, 0, from, to);
  return out;
}

function lower(line: string, colon: number): string {
  return line.slice(0, colon).toLowerCase();
}

/** A header's value without the optional white space around it. */
function headerValue(line: string, colon: number): string {
  let from = colon + 1;
  let to = line.length;
  while (from < to && isOws(line.charCodeAt(from))) from++;
  while (to > from && isOws(line.charCodeAt(to - 1))) to--;
  return line.slice(from, to);
}

function isOws(c: number): boolean {
  return c === 32 || c === 9;
}

function protocol(message: string): UpstreamError {
  return new UpstreamError("ERR_UPSTREAM_PROTOCOL", `malformed answer: ${message}`);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
}
