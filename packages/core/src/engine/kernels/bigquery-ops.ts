import type { Tensor } from "../../protocol/tensor.js";
import { broadcastIndex, broadcastShapes } from "../tensor/broadcast.js";
import { invalidArgument } from "../tensor/errors.js";
import { uninitialized } from "../tensor/tensors.js";
import {
  addInterval,
  type CivilDateTime,
  daysFromCivil,
  formatDate,
  formatDateTime,
  formatTime,
  parseDate,
  parseDateTime,
  parseTime,
  truncateTime,
} from "./civil-time.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";
import { parseTimestamp, resolveZone, toLocal } from "./time-zones.js";

/**
 * BigQuery's own TRANSFORM ops (bigquery_ml_utils custom ops): dates, datetimes and times travel as
 * strings, intervals as int64, parts ("DAY", "MONTH"...) and time zones as string tensors; every
 * input broadcasts against the others.
 */

/** Applies `f` element-wise over broadcast inputs into an output of `dtype`. */
function map(
  inputs: Tensor[],
  dtype: "DT_STRING" | "DT_INT64",
  f: (values: (string | number)[]) => string | number,
): Tensor {
  const shape = inputs.reduce<number[]>((s, t) => broadcastShapes(s, t.shape), []);
  const out = uninitialized(dtype, shape);
  const index = inputs.map((t) => broadcastIndex(t.shape, shape));
  const n = out.data.length;
  for (let i = 0; i < n; i++) {
    const values = inputs.map((t, k) => t.data[index[k] ? index[k]![i]! : i]!);
    (out.data as (string | number)[])[i] = f(values);
  }
  return out;
}

const upper = (v: string | number): string => String(v).trim().toUpperCase();

function addKernel(
  op: string,
  sign: 1 | -1,
  parse: (s: string) => CivilDateTime,
  format: (v: CivilDateTime) => string,
  time: boolean,
): KernelDef {
  return {
    outputArgs: ["output"],
    run: (_ctx, inputs) => [
      map(
        [0, 1, 2].map((i) => tensorAt(inputs, i, op)),
        "DT_STRING",
        ([value, interval, part]) =>
          format(addInterval(parse(String(value)), sign * Number(interval), upper(part!), time)),
      ),
    ],
  };
}

const parseDateTimeOnly = (s: string): CivilDateTime => {
  const { value, rest } = parseDateTime(s);
  if (rest !== "") throw invalidArgument(`Invalid datetime: "${s}"`);
  return value;
};

/** EXTRACT(part FROM timestamp AT TIME ZONE zone). */
export function extractPart(part: string, local: CivilDateTime): number {
  const days = daysFromCivil(local.year, local.month, local.day);
  const dow0 = (((days + 4) % 7) + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  const doy = days - daysFromCivil(local.year, 1, 1) + 1;
  switch (part) {
    case "MICROSECOND":
      return local.micros;
    case "MILLISECOND":
      return Math.floor(local.micros / 1000);
    case "SECOND":
      return local.second;
    case "MINUTE":
      return local.minute;
    case "HOUR":
      return local.hour;
    case "DAYOFWEEK":
      return dow0 + 1;
    case "DAY":
      return local.day;
    case "DAYOFYEAR":
      return doy;
    case "WEEK": {
      const jan1 = (((daysFromCivil(local.year, 1, 1) + 4) % 7) + 7) % 7;
      const firstSunday = 1 + ((7 - jan1) % 7);
      return doy < firstSunday ? 0 : Math.floor((doy - firstSunday) / 7) + 1;
    }
    case "ISOWEEK":
    case "ISOYEAR": {
      const isoDow = dow0 === 0 ? 7 : dow0; // Monday 1 .. Sunday 7
      const thursday = days - isoDow + 4;
      const { year } = toLocal(thursday * 86400e6, { kind: "fixed", offsetMinutes: 0 });
      if (part === "ISOYEAR") return year;
      return Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
    }
    case "MONTH":
      return local.month;
    case "QUARTER":
      return Math.ceil(local.month / 3);
    case "YEAR":
      return local.year;
    default:
      throw invalidArgument(`Unsupported part for EXTRACT from a TIMESTAMP: ${part}`);
  }
}

export const bigqueryKernels: [string, KernelDef][] = [
  ["DateAdd", addKernel("DateAdd", 1, parseDate, formatDate, false)],
  ["DateSub", addKernel("DateSub", -1, parseDate, formatDate, false)],
  ["DatetimeAdd", addKernel("DatetimeAdd", 1, parseDateTimeOnly, formatDateTime, true)],
  ["DatetimeSub", addKernel("DatetimeSub", -1, parseDateTimeOnly, formatDateTime, true)],
  [
    "ExtractFromTimestamp",
    {
      outputArgs: ["part_out"],
      run: (_ctx, inputs) => [
        map(
          [0, 1, 2].map((i) => tensorAt(inputs, i, "ExtractFromTimestamp")),
          "DT_INT64",
          ([part, ts, tz]) => {
            const zone = resolveZone(String(tz));
            return extractPart(upper(part!), toLocal(parseTimestamp(String(ts), resolveZone("UTC")), zone));
          },
        ),
      ],
    },
  ],
  [
    "TimeTrunc",
    {
      outputArgs: ["output"],
      run: (_ctx, inputs) => [
        map(
          [0, 1].map((i) => tensorAt(inputs, i, "TimeTrunc")),
          "DT_STRING",
          ([time, part]) => formatTime(truncateTime(parseTime(String(time)), upper(part!))),
        ),
      ],
    },
  ],
];
