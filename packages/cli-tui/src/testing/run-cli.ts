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
