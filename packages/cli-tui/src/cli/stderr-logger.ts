import type { Logger } from "@bqdeploy/core";
import type { TextSink } from "./io.js";

/** The CLI's logger: lines on stderr; debug only with --verbose. */
export function stderrLogger(sink: TextSink, verbose: boolean): Logger {
  const at =
    (level: string, enabled: boolean) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!enabled) return;
      const extra = fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : "";
      sink.write(`${level === "info" ? "" : `${level}: `}${message}${extra}\n`);
    };
  return {
    debug: at("debug", verbose),
    info: at("info", verbose),
    warn: at("warn", true),
    error: at("error", true),
  };
}
