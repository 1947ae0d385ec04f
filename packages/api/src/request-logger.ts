import pino, { type Logger } from "pino";

/** The API's request logger: JSON lines on stderr (fd 2); headers and bodies are never logged. */
export function requestLogger(level: "debug" | "info" | "warn" | "error" | "silent" = "info"): Logger {
  return pino({ level, base: { service: "bqdeploy-api" } }, pino.destination({ fd: 2, sync: false }));
}
