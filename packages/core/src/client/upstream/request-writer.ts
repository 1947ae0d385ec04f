import { UpstreamError } from "./upstream-error.js";

/** A request as the pool sends it: its bytes, in one piece when small. */
export interface SerializedRequest {
  /** The head, and the body too unless `tail` is set. */
  head: Buffer;
  /** A large body, written after the head (same cork). */
  tail: Uint8Array | undefined;
}

/** Bodies up to this size are copied into the head's buffer (one write); larger ones are written after it. */
const COPY_BODY_BELOW = 16 * 1024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a request target may hold (as undici: no space, no control characters). */
const PATH = /^[\x21-\xff]+$/;
const VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * The bytes of `method path HTTP/1.1` with Host, the given headers, Content-Length (when there is a
 * body, or for POST, PUT and PATCH), then the body. Header names must be tokens and values free of
 * CR, LF and other control characters; framing and connection headers are the client's own: a
 * Content-Length that does not match the body, or Connection, Keep-Alive, Transfer-Encoding, Upgrade
 * or Expect, is refused. Throws an {@link UpstreamError} ERR_UPSTREAM_REQUEST.
 */
export function serializeRequest(
  host: string,
  method: string,
  path: string,
  headers: Record<string, string> | readonly string[] | undefined,
  body: string | Uint8Array | undefined,
): SerializedRequest {
  if (!TOKEN.test(method)) throw invalid(`invalid method ${JSON.stringify(method)}`);
  if (!PATH.test(path)) throw invalid(`invalid request path ${JSON.stringify(path)}`);
  let bodyBytes: Uint8Array | undefined;
  if (typeof body === "string") bodyBytes = Buffer.from(body, "utf8");
  else bodyBytes = body;
  const length = bodyBytes?.byteLength;
  let text = `${method} ${path} HTTP/1.1\r\n`;
  let hostGiven = false;
  let lengthGiven = false;
  if (headers !== undefined) {
    if (Array.isArray(headers)) {
      if (headers.length % 2 !== 0) throw invalid("a header list must hold name, value pairs");
      for (let i = 0; i < headers.length; i += 2) {
        const kind = check(headers[i]!, headers[i + 1]!, length);
        if (kind === HOST) hostGiven = true;
        else if (kind === LENGTH) lengthGiven = true;
        text += `${headers[i]}: ${headers[i + 1]}\r\n`;
      }
    } else {
      for (const name in headers) {
        const value = (headers as Record<string, string>)[name]!;
        const kind = check(name, value, length);
        if (kind === HOST) hostGiven = true;
        else if (kind === LENGTH) lengthGiven = true;
        text += `${name}: ${value}\r\n`;
      }
    }
  }
  if (!hostGiven) text += `host: ${host}\r\n`;
  if (!lengthGiven) {
    if (length !== undefined) text += `content-length: ${length}\r\n`;
    else if (method === "POST" || method === "PUT" || method === "PATCH") text += "content-length: 0\r\n";
  }
  text += "\r\n";
  const headLength = text.length; // latin1: one byte per character
  if (length === undefined || length === 0) return { head: Buffer.from(text, "latin1"), tail: undefined };
  if (length >= COPY_BODY_BELOW) return { head: Buffer.from(text, "latin1"), tail: bodyBytes };
  const out = Buffer.allocUnsafe(headLength + length);
  out.write(text, 0, "latin1");
  out.set(bodyBytes!, headLength);
  return { head: out, tail: undefined };
}

const OTHER = 0;
const HOST = 1;
const LENGTH = 2;

/** Validates one header; says whether it is Host or Content-Length. */
function check(name: string, value: string, length: number | undefined): number {
  if (typeof name !== "string" || !TOKEN.test(name))
    throw invalid(`invalid header name ${JSON.stringify(name)}`);
  if (typeof value !== "string" || !VALUE.test(value)) {
    throw invalid(`invalid value of header ${name}`);
  }
  // Only names of these lengths can be special (compare lengths before strings).
  switch (name.length) {
    case 4:
      return name.toLowerCase() === "host" ? HOST : OTHER;
    case 14:
      if (name.toLowerCase() === "content-length") {
        if (value.trim() !== String(length ?? 0)) throw invalid("Content-Length does not match the body");
        return LENGTH;
      }
      return OTHER;
    case 6:
    case 7:
    case 10:
    case 17: {
      const lower = name.toLowerCase();
      if (
        lower === "expect" ||
        lower === "upgrade" ||
        lower === "connection" ||
        lower === "keep-alive" ||
        lower === "transfer-encoding"
      ) {
        throw invalid(`the ${name} header is the client's own`);
      }
      return OTHER;
    }
    default:
      return OTHER;
  }
}

function invalid(message: string): UpstreamError {
  return new UpstreamError("ERR_UPSTREAM_REQUEST", message);
}
