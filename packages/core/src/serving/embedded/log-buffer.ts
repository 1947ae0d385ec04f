import type { Logger } from "../../logging/index.js";

export interface BufferedLine {
  stream: "stdout" | "stderr";
  text: string;
}

/** The last N log lines of an in-process server, with followers: what `logs -f` shows for the embedded runtime. */
export class LogBuffer {
  private readonly lines: BufferedLine[] = [];
  private readonly listeners = new Set<(line: BufferedLine) => void>();
  private closed = false;
  private readonly closers = new Set<() => void>();

  constructor(private readonly capacity = 2000) {}

  push(line: BufferedLine): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.shift();
    for (const l of this.listeners) l(line);
  }

  /** A Logger writing into this buffer (warnings and errors as stderr), and to `also` if given. */
  logger(also?: Logger): Logger {
    const at =
      (level: "debug" | "info" | "warn" | "error") =>
      (message: string, fields?: Record<string, unknown>): void => {
        also?.[level](message, fields);
        if (level === "debug") return;
        const stamp = new Date().toISOString();
        this.push({
          stream: level === "info" ? "stdout" : "stderr",
          text: `${stamp} ${level.toUpperCase()} ${message}`,
        });
      };
    return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
  }

  /** Past lines (the last `tail`), then, when following, new lines until close() or the signal. */
  async *read(
    options: { tail?: number; follow?: boolean; signal?: AbortSignal } = {},
  ): AsyncGenerator<BufferedLine> {
    const past = options.tail === undefined ? [...this.lines] : this.lines.slice(-options.tail);
    const queue: BufferedLine[] = [];
    let wake: (() => void) | undefined;
    const listener = (line: BufferedLine): void => {
      queue.push(line);
      wake?.();
    };
    const stop = (): void => wake?.();
    if (options.follow) {
      this.listeners.add(listener);
      this.closers.add(stop);
      options.signal?.addEventListener("abort", stop);
    }
    try {
      yield* past;
      while (options.follow && !this.closed && !options.signal?.aborted) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        while (queue.length) yield queue.shift()!;
      }
    } finally {
      this.listeners.delete(listener);
      this.closers.delete(stop);
      options.signal?.removeEventListener("abort", stop);
    }
  }

  /** Ends every follower. */
  close(): void {
    this.closed = true;
    for (const c of this.closers) c();
  }
}
