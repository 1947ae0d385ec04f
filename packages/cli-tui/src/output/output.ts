import type { TextSink } from "../cli/io.js";
import { type ProgressState, renderProgress } from "./progress-bar.js";

/**
 * The CLI's only way to print. Results go to stdout (JSON with --json); messages and progress go to
 * stderr; with --json, events are JSON lines on stdout so scripts can follow a long job.
 */
export interface Output {
  readonly json: boolean;
  /** The command's result: JSON with --json, else the human text. */
  result(value: unknown, human?: string | ((value: unknown) => string)): void;
  /** A typed event of a long job: a JSON line with --json, else its human line (if any) on stderr. */
  event(event: { type: string } & Record<string, unknown>, human?: string): void;
  /** Redraws a progress bar on a TTY; without a TTY, prints at most one line per ~10%. Silent with --json. */
  progress(state: ProgressState): void;
  info(message: string): void;
  warn(message: string): void;
  /** Ends a progress line in place. */
  endProgress(): void;
}

export interface OutputOptions {
  stdout: TextSink;
  stderr: TextSink;
  json: boolean;
  quiet?: boolean;
}

/** JSON.stringify that keeps NaN/Infinity readable as TF Serving writes them. */
export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? `__nf__${v}` : v),
    indent,
  ).replace(/"__nf__(NaN|Infinity|-Infinity)"/g, "$1");
}

export function createOutput(opts: OutputOptions): Output {
  const { stdout, stderr, json } = opts;
  let progressOpen = false;
  const lastDecile = new Map<string, number>();
  const endProgress = (): void => {
    if (progressOpen) stderr.write("\n");
    progressOpen = false;
  };
  const line = (text: string): void => {
    endProgress();
    stderr.write(`${text}\n`);
  };
  return {
    json,
    result(value, human) {
      endProgress();
      if (json || human === undefined) stdout.write(`${toJson(value)}\n`);
      else stdout.write(`${typeof human === "function" ? human(value) : human}\n`);
    },
    event(event, human) {
      if (json) stdout.write(`${toJson(event)}\n`);
      else if (human !== undefined && !opts.quiet) line(human);
    },
    progress(state) {
      if (json || opts.quiet) return;
      if (stderr.isTTY) {
        stderr.write(`\r${renderProgress(state, Math.min(stderr.columns ?? 80, 120) - 1)}\x1b[K`);
        progressOpen = true;
        return;
      }
      const decile = state.total ? Math.floor((10 * state.current) / state.total) : -1;
      if (decile < 0 || lastDecile.get(state.label) === decile) return;
      lastDecile.set(state.label, decile);
      stderr.write(`${renderProgress(state, 80)}\n`);
    },
    info(message) {
      if (!opts.quiet && !json) line(message);
    },
    warn(message) {
      line(`warning: ${message}`);
    },
    endProgress,
  };
}
