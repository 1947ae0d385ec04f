import { invalidArgument } from "./serving-error.js";

/**
 * Parses a request or response body the way TF Serving does: standard JSON plus the tokens `NaN`,
 * `Infinity` and `-Infinity` (rapidjson's kParseNanAndInfFlag). Also accepts the `\'` escape that
 * older TF Serving versions put in error bodies. Failures are INVALID_ARGUMENT ServingErrors with
 * rapidjson's texts (`JSON Parse error: Invalid value. at offset: 0`).
 */
export function parseTfJson(text: string): unknown {
  if (text.length === 0) throw invalidArgument("JSON Parse error: The document is empty");
  try {
    return JSON.parse(text);
  } catch {
    // Rare path: non-standard tokens, or a real syntax error to describe.
    return new TolerantParser(text).parseDocument();
  }
}

class TolerantParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): unknown {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail("The document is empty.");
    const value = this.parseValue();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail("The document root must not be followed by other values.");
    return value;
  }

  private fail(reason: string, at = this.pos): never {
    throw invalidArgument(`JSON Parse error: ${reason} at offset: ${at}`);
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  private parseValue(): unknown {
    const t = this.text;
    const c = t[this.pos];
    if (c === "{") return this.parseObject();
    if (c === "[") return this.parseArray();
    if (c === '"') return this.parseString();
    if (t.startsWith("true", this.pos)) return this.literal(4, true);
    if (t.startsWith("false", this.pos)) return this.literal(5, false);
    if (t.startsWith("null", this.pos)) return this.literal(4, null);
    if (t.startsWith("NaN", this.pos)) return this.literal(3, Number.NaN);
    if (t.startsWith("Infinity", this.pos)) return this.literal(8, Number.POSITIVE_INFINITY);
    if (t.startsWith("-Infinity", this.pos)) return this.literal(9, Number.NEGATIVE_INFINITY);
    return this.parseNumber();
  }

  private literal<T>(length: number, value: T): T {
    this.pos += length;
    return value;
  }

  private parseNumber(): number {
    const match = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 400));
    if (!match) return this.fail("Invalid value.");
    const after = this.text[this.pos + match[0].length];
    if (after === ".") this.fail("Miss fraction part in number.", this.pos + match[0].length + 1);
    if (after === "e" || after === "E") this.fail("Miss exponent in number.", this.pos + match[0].length + 1);
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) this.fail("Number too big to be stored in double.");
    return value;
  }

  private parseString(): string {
    const t = this.text;
    let out = "";
    let start = ++this.pos;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(start, this.pos++);
        return out;
      }
      if (c < 0x20) this.fail("Invalid encoding in string.");
      if (c === 0x5c) {
        out += t.slice(start, this.pos);
        out += this.parseEscape();
        start = this.pos;
        continue;
      }
      this.pos++;
    }
    return this.fail("Missing a closing quotation mark in string.");
  }

  private parseEscape(): string {
    const e = this.text[this.pos + 1];
    this.pos += 2;
    switch (e) {
      case '"':
      case "\\":
      case "/":
      case "'":
        return e;
      case "b":
        return "\b";
      case "f":
        return "\f";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "t":
        return "\t";
      case "u": {
        const hex = this.text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Incorrect hex digit after \\u escape in string.");
        this.pos += 4;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      default:
        return this.fail("Invalid escape character in string.", this.pos - 1);
    }
  }

  private parseArray(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.parseValue());
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("Missing a comma or ']' after an array element.", this.pos - 1);
    }
  }

  private parseObject(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail("Missing a name for object member.");
      const key = this.parseString();
      this.skipSpace();
      if (this.text[this.pos++] !== ":")
        this.fail("Missing a colon after a name of object member.", this.pos - 1);
      this.skipSpace();
      const value = this.parseValue();
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("Missing a comma or '}' after an object member.", this.pos - 1);
    }
  }
}

/**
 * Writes JSON with TF Serving's non-finite tokens: NaN, Infinity and -Infinity stay numbers instead
 * of becoming null. Compact, like JSON.stringify (undefined members are left out).
 */
export function stringifyTfJson(value: unknown): string {
  const fast = JSON.stringify(value);
  // JSON.stringify turns non-finite numbers into null: only then is the slow writer needed.
  if (fast === undefined || !fast.includes("null")) return fast ?? "null";
  return writeCompact(value);
}

function writeCompact(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return JSON.stringify(value);
  }
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : writeCompact(v))).join(",")}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === "function") continue;
    parts.push(`${JSON.stringify(k)}:${writeCompact(v)}`);
  }
  return `{${parts.join(",")}}`;
}
