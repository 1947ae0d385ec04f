import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { BqdeployError } from "../errors/index.js";
import { parsePythonFloat, splitPythonLines } from "./python-values.js";

/** The kinds of per-feature files BigQuery ML writes in assets/, in the order Google's predictor checks them. */
export const VOCABULARY_KINDS = [
  "categorical_one_hot",
  "categorical_target",
  "categorical_label",
  "array_one_hot",
  "array_target",
  "array_struct_dimension",
  "array_numerical_length",
] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

/** A target-encoding table: value -> one number per class (one for regression). */
export interface TargetTable {
  width: number;
  values: Map<string, Float64Array>;
}

/** Everything read from assets/*.txt, by feature index. */
export interface Vocabularies {
  categoricalOneHot: Map<number, string[]>;
  categoricalTarget: Map<number, TargetTable>;
  categoricalLabel: Map<number, string[]>;
  arrayOneHot: Map<number, string[]>;
  arrayTarget: Map<number, TargetTable>;
  arrayStructDimension: Map<number, number>;
  arrayNumericalLength: Map<number, number>;
}

// `<i>.txt` and `<i>_array.txt` are the older names of the label and multi-hot vocabularies.
const FILE_PATTERNS: { kind: VocabularyKind; pattern: RegExp; legacy?: true }[] = [
  { kind: "categorical_one_hot", pattern: /^(\d+)_categorical_one_hot\.txt$/ },
  { kind: "categorical_target", pattern: /^(\d+)_categorical_target\.txt$/ },
  { kind: "categorical_label", pattern: /^(\d+)_categorical_label\.txt$/ },
  { kind: "categorical_label", pattern: /^(\d+)\.txt$/, legacy: true },
  { kind: "array_one_hot", pattern: /^(\d+)_array_one_hot\.txt$/ },
  { kind: "array_one_hot", pattern: /^(\d+)_array\.txt$/, legacy: true },
  { kind: "array_target", pattern: /^(\d+)_array_target\.txt$/ },
  { kind: "array_struct_dimension", pattern: /^(\d+)_array_struct_dimension\.txt$/ },
  { kind: "array_numerical_length", pattern: /^(\d+)_array_numerical_length\.txt$/ },
];

/** Largest vocabulary file read (a corrupt export must not exhaust memory). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** Reads every vocabulary file in `assetsDir`. A file with the newer name wins over the legacy one. */
export async function readVocabularies(assetsDir: string): Promise<Vocabularies> {
  const vocab: Vocabularies = {
    categoricalOneHot: new Map(),
    categoricalTarget: new Map(),
    categoricalLabel: new Map(),
    arrayOneHot: new Map(),
    arrayTarget: new Map(),
    arrayStructDimension: new Map(),
    arrayNumericalLength: new Map(),
  };
  const names = (await readdir(assetsDir)).filter((n) => n.endsWith(".txt")).sort();
  const legacyLast = FILE_PATTERNS.flatMap(({ kind, pattern, legacy }) =>
    names.flatMap((name) => {
      const match = pattern.exec(name);
      return match ? [{ kind, name, index: Number(match[1]), legacy: legacy === true }] : [];
    }),
  ).sort((a, b) => Number(a.legacy) - Number(b.legacy));
  for (const { kind, name, index, legacy } of legacyLast) {
    const file = `assets/${name}`;
    const text = await readText(join(assetsDir, name), file);
    addFile(vocab, kind, index, text, file, legacy);
  }
  return vocab;
}

function addFile(
  v: Vocabularies,
  kind: VocabularyKind,
  index: number,
  text: string,
  file: string,
  legacy: boolean,
): void {
  const lines = splitPythonLines(text);
  const keep = <T>(map: Map<number, T>, value: T): void => {
    if (!(legacy && map.has(index))) map.set(index, value);
  };
  switch (kind) {
    case "categorical_one_hot":
      keep(v.categoricalOneHot, lines);
      return;
    case "categorical_label":
      keep(v.categoricalLabel, lines);
      return;
    case "array_one_hot":
      keep(v.arrayOneHot, lines);
      return;
    case "categorical_target":
      keep(v.categoricalTarget, parseTargetTable(lines, file));
      return;
    case "array_target":
      keep(v.arrayTarget, parseTargetTable(lines, file));
      return;
    case "array_struct_dimension":
      keep(v.arrayStructDimension, parseCount(text, file));
      return;
    case "array_numerical_length":
      keep(v.arrayNumericalLength, parseCount(text, file));
      return;
  }
}

/** Lines `value,t1,t2,...`: the first field is the category, the rest its target statistics. */
function parseTargetTable(lines: string[], file: string): TargetTable {
  const values = new Map<string, Float64Array>();
  let width = -1;
  lines.forEach((line, i) => {
    const fields = line.split(",");
    const key = fields.shift()!;
    const numbers = fields.map((x) => parsePythonFloat(x));
    if (numbers.length === 0 || numbers.some((x) => x === undefined)) {
      throw invalid(file, `line ${i + 1} ("${line.slice(0, 80)}") is not "value,number[,number...]"`);
    }
    if (width === -1) width = numbers.length;
    if (numbers.length !== width)
      throw invalid(file, `line ${i + 1} has ${numbers.length} numbers, line 1 has ${width}`);
    // A repeated category: the last line wins, as in the Python dict Google fills.
    values.set(key, Float64Array.from(numbers as number[]));
  });
  if (width === -1) throw invalid(file, "the file is empty");
  return { width, values };
}

function parseCount(text: string, file: string): number {
  const t = text.trim();
  if (!/^\d{1,7}$/.test(t)) throw invalid(file, `expected one whole number, found "${t.slice(0, 40)}"`);
  return Number(t);
}

async function readText(path: string, file: string): Promise<string> {
  const bytes = await readFile(path);
  if (bytes.byteLength > MAX_FILE_BYTES) throw invalid(file, `the file has ${bytes.byteLength} bytes`);
  return new TextDecoder("utf-8").decode(bytes);
}

function invalid(file: string, what: string): BqdeployError {
  return new BqdeployError(
    "MODEL_CORRUPT",
    `${file}: ${what}. Download the export again; BigQuery ML writes this file itself.`,
    { details: { file } },
  );
}
