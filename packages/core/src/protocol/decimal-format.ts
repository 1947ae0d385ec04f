/**
 * Numbers as TF Serving prints them (json_tensor.cc WriteDecimal): `%g` with 6 significant digits
 * when that reads back as the same value, else full precision (`%.17g` for doubles, `%.9g` for
 * floats); whole numbers in fixed notation get a trailing ".0"; non-finite values are the tokens
 * NaN, Infinity and -Infinity.
 */
export function formatDouble(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const shortest = String(value);
  // Fast path: the shortest round-trip form has at most 6 digits and %g would print it in fixed notation.
  const abs = Math.abs(value);
  if ((abs >= 1e-4 && abs < 1e6) || value === 0) {
    if (significantDigits(shortest) <= 6 && !shortest.includes("e")) {
      return shortest.includes(".") ? shortest : `${Object.is(value, -0) ? "-0" : shortest}.0`;
    }
  }
  const six = formatG(value, 6);
  return withPoint(Number(six) === value ? six : formatG(value, 17));
}

/** A DT_FLOAT value (already a float32) as TF Serving prints it. */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const six = formatG(value, 6);
  return withPoint(Math.fround(Number(six)) === value ? six : formatG(value, 9));
}

function nonFinite(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "Infinity" : "-Infinity";
}

function withPoint(text: string): string {
  return text.includes(".") || text.includes("e") ? text : `${text}.0`;
}

function significantDigits(text: string): number {
  let digits = text.replace(/^-/, "").replace(".", "");
  digits = digits.replace(/^0+/, "");
  return digits.length === 0 ? 1 : digits.length;
}

/** C's printf `%.{precision}g`. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const exp = value.toExponential(precision - 1);
  const e = exp.indexOf("e");
  const exponent = Number(exp.slice(e + 1));
  if (exponent < -4 || exponent >= precision) {
    const mantissa = stripZeros(exp.slice(0, e));
    const sign = exponent < 0 ? "-" : "+";
    const digits = String(Math.abs(exponent)).padStart(2, "0");
    return `${mantissa}e${sign}${digits}`;
  }
  return stripZeros(value.toFixed(Math.max(0, precision - 1 - exponent)));
}

function stripZeros(text: string): string {
  if (!text.includes(".")) return text;
  return text.replace(/0+$/, "").replace(/\.$/, "");
}
