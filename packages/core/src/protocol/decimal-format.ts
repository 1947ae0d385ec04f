/**
 * Numbers as TF Serving prints them (json_tensor.cc WriteDecimal): `%g` with 6 significant digits
 * when that reads back as the same value, else full precision (`%.17g` for doubles, `%.9g` for
 * floats); whole numbers in fixed notation get a trailing ".0"; non-finite values are the tokens
 * NaN, Infinity and -Infinity.
 */
export function formatDouble(value: number): string {
  if (!Number.isFinite(value)) return nonFinite(value);
  const shortest = String(value);
  // The shortest round-trip form tells which branch %g takes: 6 digits suffice only if it has <= 6.
  if (significantDigits(shortest) > 6) return withPoint(formatG(value, 17));
  const abs = Math.abs(value);
  if (((abs >= 1e-4 && abs < 1e6) || value === 0) && !shortest.includes("e")) {
    return shortest.includes(".") ? shortest : `${Object.is(value, -0) ? "-0" : shortest}.0`;
  }
  return withPoint(formatG(value, 6));
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

/** Significant digits of a decimal text ("0.00120" -> 2, "-1.5e-7" -> 2; none -> 1). */
function significantDigits(text: string): number {
  let end = text.indexOf("e");
  if (end < 0) end = text.length;
  let first = -1;
  let last = -1;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x30 && c <= 0x39) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (first < 0) return 1;
  let digits = 0;
  for (let i = first; i <= last; i++) if (text.charCodeAt(i) !== 0x2e) digits++;
  return digits;
}

/** C's printf `%.{precision}g`. */
export function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const text = value.toPrecision(precision);
  const e = text.indexOf("e");
  if (e < 0) {
    // toPrecision writes exponents down to -6 in fixed notation; %g switches below -4.
    if (!/^-?0\.0000/.test(text)) return stripZeros(text);
    return scientific(value.toExponential(precision - 1));
  }
  const exponent = Number(text.slice(e + 1));
  if (exponent < precision && exponent >= -4)
    return stripZeros(value.toFixed(Math.max(0, precision - 1 - exponent)));
  return scientific(text);
}

function scientific(text: string): string {
  const e = text.indexOf("e");
  const exponent = Number(text.slice(e + 1));
  const sign = exponent < 0 ? "-" : "+";
  return `${stripZeros(text.slice(0, e))}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
}

function stripZeros(text: string): string {
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 0x30) end--;
  if (text.charCodeAt(end - 1) === 0x2e) end--;
  return end === text.length ? text : text.slice(0, end);
}
