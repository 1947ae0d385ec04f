import { formatDouble } from "./decimal-format.js";

/**
 * A JSON writer that lays text out like rapidjson's PrettyWriter (4-space indent), which TF Serving
 * uses for predict, classify, regress and error bodies. `singleLine` mirrors kFormatSingleLineArray:
 * arrays written while it is set stay on one line (`[1, 2]`).
 */
export class PrettyWriter {
  out = "";
  singleLine = false;
  // Per open container: whether it is an array, and how many values (object: keys + values) it has.
  private readonly inArray: boolean[] = [];
  private readonly counts: number[] = [];

  startObject(): void {
    this.prefix();
    this.out += "{";
    this.inArray.push(false);
    this.counts.push(0);
  }

  endObject(): void {
    this.inArray.pop();
    const count = this.counts.pop() ?? 0;
    if (count > 0) this.newline();
    this.out += "}";
  }

  startArray(): void {
    this.prefix();
    this.out += "[";
    this.inArray.push(true);
    this.counts.push(0);
  }

  endArray(): void {
    this.inArray.pop();
    const count = this.counts.pop() ?? 0;
    if (count > 0 && !this.singleLine) this.newline();
    this.out += "]";
  }

  key(name: string): void {
    this.prefix();
    this.out += JSON.stringify(name);
  }

  /** Writes an already formatted scalar (number text, `true`, a quoted string...). */
  raw(text: string): void {
    this.prefix();
    this.out += text;
  }

  string(value: string): void {
    this.raw(JSON.stringify(value));
  }

  private newline(): void {
    this.out += `\n${"    ".repeat(this.inArray.length)}`;
  }

  private prefix(): void {
    const level = this.counts.length - 1;
    if (level < 0) return;
    const count = this.counts[level]!;
    if (this.inArray[level]) {
      if (count > 0) this.out += this.singleLine ? ", " : ",";
      if (!this.singleLine) this.newline();
    } else if (count % 2 === 1) {
      this.out += ": ";
    } else {
      this.out += count > 0 ? ",\n" : "\n";
      this.out += "    ".repeat(this.inArray.length);
    }
    this.counts[level] = count + 1;
  }
}

/**
 * A JSON value as TF Serving quotes it in error messages (rapidjson's PrettyWriter, via
 * JsonValueToString): top-level numbers through WriteDecimal, containers laid out over lines.
 */
export function jsonValueText(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : formatDouble(value);
  const writer = new PrettyWriter();
  writeValue(writer, value);
  return writer.out;
}

function writeValue(writer: PrettyWriter, value: unknown): void {
  if (value === null || value === undefined) writer.raw("null");
  // rapidjson writes the shortest form of a nested number; non-finite ones as tokens.
  else if (typeof value === "number")
    writer.raw(Number.isFinite(value) ? String(value) : formatDouble(value));
  else if (typeof value === "string") writer.string(value);
  else if (typeof value === "boolean") writer.raw(value ? "true" : "false");
  else if (Array.isArray(value)) {
    writer.startArray();
    for (const v of value) writeValue(writer, v);
    writer.endArray();
  } else {
    writer.startObject();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      writer.key(k);
      writeValue(writer, v);
    }
    writer.endObject();
  }
}
