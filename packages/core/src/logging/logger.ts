/** Core never prints: it takes a logger. Front-ends decide where lines go. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = (): void => {};

/** The default logger: silence. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

export interface LogRecord {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields?: Record<string, unknown>;
}

/** A logger that keeps its records in memory (tests, and the TUI's log pane). */
export function memoryLogger(records: LogRecord[] = []): Logger & { records: LogRecord[] } {
  const at =
    (level: LogRecord["level"]) =>
    (message: string, fields?: Record<string, unknown>): void => {
      records.push(fields ? { level, message, fields } : { level, message });
    };
  return { records, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
