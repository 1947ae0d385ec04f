import { Readable } from "node:stream";
import type { CommandDef } from "../cli/command.js";
import type { Io, TextSink } from "../cli/io.js";
import { main } from "../cli/main.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  tty?: boolean;
  commands?: readonly CommandDef[];
  signal?: AbortSignal;
}

function capture(tty: boolean): TextSink & { text: () => string } {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY: tty, columns: 80, text: () => chunks.join("") };
}

/** A command started in-process, still running: its output so far, and its end. */
export interface StartedCli {
  stdout(): string;
  stderr(): string;
  done: Promise<CliRun>;
}

/** Starts `bqdeploy ...argv` in-process (e.g. `serve`) and returns at once; abort `opts.signal` to stop it. */
export function startCli(argv: string[], opts: RunCliOptions = {}): StartedCli {
  const stdout = capture(opts.tty ?? false);
  const stderr = capture(opts.tty ?? false);
  const io: Io = {
    stdout,
    stderr,
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  const done = main(argv, io, { commands: opts.commands, signal: opts.signal }).then((code) => ({
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
  }));
  return { stdout: stdout.text, stderr: stderr.text, done };
}

/** Waits until `read()` matches `pattern` (or the command ends, or the timeout passes). */
export async function waitForOutput(
  started: StartedCli,
  read: () => string,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  void started.done.then(() => {
    ended = true;
  });
  for (;;) {
    const match = read().match(pattern);
    if (match) return match;
    if (ended || Date.now() > deadline) {
      throw new Error(
        `no output matching ${pattern} (stdout: ${started.stdout()} stderr: ${started.stderr()})`,
      );
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `bqdeploy ...argv` in-process with captured streams (tests only). */
export async function runCli(argv: string[], opts: RunCliOptions = {}): Promise<CliRun> {
  const stdout = capture(opts.tty ?? false);
  const stderr = capture(opts.tty ?? false);
  const io: Io = {
    stdout,
    stderr,
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await main(argv, io, { commands: opts.commands, signal: opts.signal });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
