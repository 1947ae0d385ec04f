import { invalidArgument } from "../tensor/errors.js";
import { type CivilDateTime, daysFromCivil, fromMicros, parseDateTime, toMicros } from "./civil-time.js";

/**
 * Time zones for BigQuery's TIMESTAMP ops: fixed offsets ("+05:30", "UTC-8", "Z") computed directly,
 * IANA names ("America/Los_Angeles") through Intl, which knows the daylight-saving rules.
 */
export type Zone = { kind: "fixed"; offsetMinutes: number } | { kind: "iana"; format: Intl.DateTimeFormat };

const zones = new Map<string, Zone>();

export function resolveZone(name: string): Zone {
  const cached = zones.get(name);
  if (cached) return cached;
  const text = name.trim();
  let zone: Zone;
  const fixed = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (text === "" || /^(Z|UTC|GMT|Etc\/UTC)$/i.test(text)) zone = { kind: "fixed", offsetMinutes: 0 };
  else if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    if (minutes > 14 * 60) throw invalidArgument(`Invalid time zone: ${name}`);
    zone = { kind: "fixed", offsetMinutes: fixed[1] === "-" ? -minutes : minutes };
  } else {
    try {
      const format = new Intl.DateTimeFormat("en-US", {
        timeZone: text,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        era: "short",
      });
      zone = { kind: "iana", format };
    } catch {
      throw invalidArgument(`Invalid time zone: ${name}`);
    }
  }
  zones.set(name, zone);
  return zone;
}

/** The zone's offset from UTC, in minutes, at the instant `utcMillis`. */
export function offsetMinutesAt(zone: Zone, utcMillis: number): number {
  if (zone.kind === "fixed") return zone.offsetMinutes;
  const parts: Record<string, string> = {};
  for (const p of zone.format.formatToParts(new Date(utcMillis))) parts[p.type] = p.value;
  const year = parts.era === "BC" ? 1 - Number(parts.year) : Number(parts.year);
  const local =
    (daysFromCivil(year, Number(parts.month), Number(parts.day)) * 86400 +
      Number(parts.hour) * 3600 +
      Number(parts.minute) * 60 +
      Number(parts.second)) *
    1000;
  return Math.round((local - Math.floor(utcMillis / 1000) * 1000) / 60000);
}

/** The civil date-time an instant (µs since the epoch) shows in `zone`. */
export function toLocal(utcMicros: number, zone: Zone): CivilDateTime {
  return fromMicros(utcMicros + offsetMinutesAt(zone, Math.floor(utcMicros / 1000)) * 60e6);
}

/** The instant a civil date-time in `zone` denotes (the earlier one in a repeated hour, as BigQuery). */
export function fromLocal(local: CivilDateTime, zone: Zone): number {
  const asUtc = toMicros(local);
  const first = asUtc - offsetMinutesAt(zone, Math.floor(asUtc / 1000)) * 60e6;
  const second = asUtc - offsetMinutesAt(zone, Math.floor(first / 1000)) * 60e6;
  return Math.min(first, second);
}

/**
 * A TIMESTAMP string ("2008-12-25 15:30:00+00", "...Z", "... America/Los_Angeles", or none: then in
 * `defaultZone`) as µs since the epoch.
 */
export function parseTimestamp(text: string, defaultZone: Zone): number {
  const { value, rest } = parseDateTime(text, "timestamp");
  const zone = rest === "" ? defaultZone : resolveZone(rest);
  return fromLocal(value, zone);
}
