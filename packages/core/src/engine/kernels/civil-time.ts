import { invalidArgument } from "../tensor/errors.js";

/**
 * BigQuery's civil date/time values as its TRANSFORM ops pass them (strings), and the calendar math
 * its functions use, in plain integer arithmetic (no Temporal, no Date for civil values).
 */

export interface CivilDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
}

const DATE = /^(\d{1,4})-(\d{1,2})-(\d{1,2})$/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count since 1970-01-01. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysInMonth(year: number, month: number): number {
  return (
    daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    daysFromCivil(year, month, 1)
  );
}

function checkRange(v: CivilDateTime, text: string, what: string): CivilDateTime {
  const ok =
    v.year >= 1 &&
    v.year <= 9999 &&
    v.month >= 1 &&
    v.month <= 12 &&
    v.day >= 1 &&
    v.day <= daysInMonth(v.year, v.month) &&
    v.hour <= 23 &&
    v.minute <= 59 &&
    v.second <= 59;
  if (!ok) throw invalidArgument(`Invalid ${what}: "${text}"`);
  return v;
}

/** "2008-12-25". */
export function parseDate(text: string): CivilDateTime {
  const m = DATE.exec(text.trim());
  if (!m) throw invalidArgument(`Invalid date: "${text}"; expected YYYY-MM-DD`);
  return checkRange(
    { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: 0, minute: 0, second: 0, micros: 0 },
    text,
    "date",
  );
}

/** "15:30:00[.ffffff]". */
export function parseTime(text: string): CivilDateTime {
  const m = TIME.exec(text.trim());
  if (!m) throw invalidArgument(`Invalid time: "${text}"; expected HH:MM:SS[.ffffff]`);
  const micros = m[4] ? Number(m[4].padEnd(6, "0")) : 0;
  return checkRange(
    { year: 1970, month: 1, day: 1, hour: +m[1]!, minute: +m[2]!, second: +m[3]!, micros },
    text,
    "time",
  );
}

/** "2008-12-25 15:30:00[.ffffff]" (or with "T"); returns the rest of the text (a zone) too. */
export function parseDateTime(text: string, what = "datetime"): { value: CivilDateTime; rest: string } {
  const m = /^\s*(\d{1,4}-\d{1,2}-\d{1,2})(?:[ T](\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d{1,6})?))?(.*)$/.exec(text);
  if (!m) throw invalidArgument(`Invalid ${what}: "${text}"; expected YYYY-MM-DD HH:MM:SS[.ffffff]`);
  const d = parseDate(m[1]!);
  const t = m[2] ? parseTime(m[2]) : undefined;
  const value = t ? { ...d, hour: t.hour, minute: t.minute, second: t.second, micros: t.micros } : d;
  return { value, rest: m[3]!.trim() };
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** BigQuery's canonical fraction: none, 3 or 6 digits. */
function fraction(micros: number): string {
  if (micros === 0) return "";
  return micros % 1000 === 0 ? `.${pad(micros / 1000, 3)}` : `.${pad(micros, 6)}`;
}

export const formatDate = (v: CivilDateTime): string => `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`;
export const formatTime = (v: CivilDateTime): string =>
  `${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}${fraction(v.micros)}`;
export const formatDateTime = (v: CivilDateTime): string => `${formatDate(v)} ${formatTime(v)}`;

/** Microseconds since 1970-01-01 00:00:00 of a civil date-time (as if in UTC). */
export function toMicros(v: CivilDateTime): number {
  const seconds = daysFromCivil(v.year, v.month, v.day) * 86400 + v.hour * 3600 + v.minute * 60 + v.second;
  return seconds * 1e6 + v.micros;
}

export function fromMicros(total: number): CivilDateTime {
  const seconds = Math.floor(total / 1e6);
  const micros = total - seconds * 1e6;
  const days = Math.floor(seconds / 86400);
  const rem = seconds - days * 86400;
  return {
    ...civilFromDays(days),
    hour: Math.floor(rem / 3600),
    minute: Math.floor((rem % 3600) / 60),
    second: rem % 60,
    micros,
  };
}

const FIXED_UNITS: Record<string, number> = {
  MICROSECOND: 1,
  MILLISECOND: 1e3,
  SECOND: 1e6,
  MINUTE: 60e6,
  HOUR: 3600e6,
  DAY: 86400e6,
  WEEK: 7 * 86400e6,
};

/**
 * BigQuery's DATE_ADD / DATETIME_ADD: fixed units add exactly; MONTH, QUARTER and YEAR move the
 * calendar month and clamp the day to the last day of the resulting month (Jan 31 + 1 month = Feb 28/29).
 */
export function addInterval(
  v: CivilDateTime,
  interval: number,
  part: string,
  allowTime: boolean,
): CivilDateTime {
  const unit = FIXED_UNITS[part];
  if (unit !== undefined) {
    if (!allowTime && unit < 86400e6) throw invalidArgument(`Unsupported date part ${part} for a DATE`);
    return fromMicros(toMicros(v) + interval * unit);
  }
  const months =
    part === "MONTH"
      ? interval
      : part === "QUARTER"
        ? interval * 3
        : part === "YEAR"
          ? interval * 12
          : undefined;
  if (months === undefined) throw invalidArgument(`Unsupported date part: ${part}`);
  const index = v.year * 12 + (v.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  if (year < 1 || year > 9999) throw invalidArgument(`Date overflow: ${formatDate(v)} + ${interval} ${part}`);
  return { ...v, year, month, day: Math.min(v.day, daysInMonth(year, month)) };
}

/** TIME_TRUNC: drops the units below `part`. */
export function truncateTime(v: CivilDateTime, part: string): CivilDateTime {
  switch (part) {
    case "MICROSECOND":
      return v;
    case "MILLISECOND":
      return { ...v, micros: v.micros - (v.micros % 1000) };
    case "SECOND":
      return { ...v, micros: 0 };
    case "MINUTE":
      return { ...v, second: 0, micros: 0 };
    case "HOUR":
      return { ...v, minute: 0, second: 0, micros: 0 };
    default:
      throw invalidArgument(`Unsupported time part for TIME_TRUNC: ${part}`);
  }
}
