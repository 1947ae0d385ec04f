// Google's predictor is Python: it compares `str(value)` with vocabulary lines and converts numbers with
// `float(value)`. These helpers give the same answers for what JSON can carry.

const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_TEXT = new RegExp(
  String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`,
);
const SPECIAL = /^[+-]?(?:nan|inf|infinity)$/i;

/** Python's float(text): surrounding whitespace allowed, "nan"/"inf", digit underscores; undefined if invalid. */
export function parsePythonFloat(text: string): number | undefined {
  const t = text.trim();
  if (SPECIAL.test(t)) {
    if (/nan/i.test(t)) return Number.NaN;
    return t.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!FLOAT_TEXT.test(t)) return undefined;
  return Number(t.replaceAll("_", ""));
}

/** Python's str() of a JSON scalar: strings as they are, True/False, None, ints and floats as repr. */
export function pythonStr(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (value === null || value === undefined) return "None";
  if (typeof value === "number") return pythonNumber(value);
  return JSON.stringify(value);
}

function pythonNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  // JSON integers become Python ints (printed in full); JavaScript cannot tell 3 from 3.0.
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  // Python's repr: shortest round trip, exponent with at least two digits, from 1e16 up or below 1e-4.
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
    const sign = exponent.startsWith("-") ? "-" : "+";
    const digits = exponent.replace(/^[+-]/, "").padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** Python's str.splitlines() on a file read in text mode (universal newlines). */
export function splitPythonLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
