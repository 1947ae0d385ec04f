import { readFileSync } from "node:fs";
import { BqdeployError } from "../../errors/index.js";
import type { DType } from "../../protocol/tensor.js";
import type { LookupTable } from "./lookup-table.js";

const WHOLE_LINE = -2;
const LINE_NUMBER = -1;

export interface TextFileSpec {
  path: string;
  keyIndex: number;
  valueIndex: number;
  /** -1: every line. */
  vocabSize: number;
  delimiter: string;
  /** Added to line numbers (InitializeTableFromTextFileV2's `offset`). */
  offset: number;
}

function parseField(text: string, dtype: DType, where: string): string | number {
  if (dtype === "DT_STRING") return text;
  const value = Number(text);
  const integer = dtype !== "DT_FLOAT" && dtype !== "DT_DOUBLE";
  if (text.trim() === "" || Number.isNaN(value) || (integer && !Number.isInteger(value))) {
    throw new BqdeployError(
      "MODEL_CORRUPT",
      `${where}: "${text}" is not a valid ${dtype}; check the vocabulary file.`,
    );
  }
  return value;
}

/**
 * Fills a table from a text file, one entry per line: key and value are the whole line (-2), the line
 * number (-1) or a delimited column. Empty lines are skipped but counted; a trailing newline adds no line.
 */
export function initializeFromTextFile(table: LookupTable, spec: TextFileSpec): void {
  let text: string;
  try {
    text = readFileSync(spec.path, "utf8");
  } catch (cause) {
    throw new BqdeployError(
      "MODEL_CORRUPT",
      `Cannot read the vocabulary file ${spec.path} of table ${table.name}: the model's assets/ folder is incomplete; download the export again.`,
      { cause },
    );
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const limit = spec.vocabSize < 0 ? lines.length : spec.vocabSize;
  if (lines.length < limit) {
    throw new BqdeployError(
      "MODEL_CORRUPT",
      `Invalid vocab_size in ${spec.path}: expected ${limit} lines but the file has ${lines.length}; download the export again.`,
    );
  }
  for (let n = 0; n < limit; n++) {
    let line = lines[n]!;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line === "") continue;
    const where = `${spec.path} line ${n + 1}`;
    const columns = spec.keyIndex >= 0 || spec.valueIndex >= 0 ? line.split(spec.delimiter) : [];
    const field = (index: number, dtype: DType): string | number => {
      if (index === WHOLE_LINE) return parseField(line, dtype, where);
      if (index === LINE_NUMBER) return n + spec.offset;
      const column = columns[index];
      if (column === undefined) {
        throw new BqdeployError(
          "MODEL_CORRUPT",
          `${where}: expected at least ${index + 1} columns; check the vocabulary file.`,
        );
      }
      return parseField(column, dtype, where);
    };
    table.insert(field(spec.keyIndex, table.keyDtype), field(spec.valueIndex, table.valueDtype));
  }
  table.initialized = true;
}
