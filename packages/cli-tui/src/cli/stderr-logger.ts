import type { Logger } from "@bqdeploy/core";
import type { TextSink } from "./io.js";

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;
export type LogLevel = keyof typeof RANK;

/** The CLI's logger: lines on stderr at or above `level` (warn by default; debug with --verbose). */
export function stderrLogger(sink: TextSink, level: LogLevel | boolean = "warn"): Logger {
  const min = RANK[level === true ? "debug" : level === false ? "warn" : level];
  const at =
    (name: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (RANK[name] < min) return;
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
      sink.write(`${name === "info" ? "" : `${name}: `}${message}${extra}\n`);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
