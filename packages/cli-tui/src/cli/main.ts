import { join, resolve } from "node:path";
import { type SettingName, SETTINGS, isBqdeployError, resolveSettings } from "@bqdeploy/core";
import { createOutput, toJson } from "../output/output.js";
import { CLI_VERSION } from "../version.js";
import { type CommandDef, UsageError } from "./command.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeFor } from "./exit-codes.js";
import { commandHelp, commandUsage, mainHelp } from "./help.js";
import { type Io, processIo } from "./io.js";
import { findCommand, parseCommandArgs } from "./parse.js";
import { stderrLogger } from "./stderr-logger.js";

export interface MainOptions {
  /** Default: every command (commands/index.ts), loaded when main runs. */
  commands?: readonly CommandDef[];
  /** Aborts running commands (the bin wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
}

const FLAG_TO_SETTING = new Map<string, SettingName>(
  (Object.keys(SETTINGS) as SettingName[]).map((name) => [SETTINGS[name].flag, name]),
);

/**
 * The entry point: parses argv, dispatches to a command, maps errors to one stderr line and an exit code
 * (0 success, 1 failure, 2 usage). Tests call it in-process with a captured Io.
 */
export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  opts: MainOptions = {},
): Promise<number> {
  // Loaded here, not imported at the top: `bqdeploy ui` passes its one command and so starts without the
  // others and the parts of core only they use (see bin.ts).
  const commands = opts.commands ?? (await import("../commands/index.js")).commands;
  const json = argv.includes("--json");
  const out = createOutput({
    stdout: io.stdout,
    stderr: io.stderr,
    json,
    quiet: argv.includes("--quiet") || argv.includes("-q"),
  });
  const fail = (code: string, message: string, exit: number, details?: Record<string, unknown>): number => {
    out.endProgress();
    if (json)
      io.stderr.write(
        `${toJson({ error: { code, message, ...(details && Object.keys(details).length ? { details } : {}) } })}\n`,
      );
    else io.stderr.write(`bqdeploy: ${message}\n`);
    return exit;
  };

  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout.write(`${mainHelp(commands, CLI_VERSION)}\n`);
    return argv.length === 0 ? EXIT_USAGE : EXIT_OK;
  }
  if (argv[0] === "--version" || argv[0] === "version") {
    io.stdout.write(`${json ? toJson({ version: CLI_VERSION }) : CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const { command, rest } = findCommand(commands, argv);
  if (!command) {
    const first = argv.find((a) => !a.startsWith("-")) ?? argv[0];
    return fail("USAGE", `unknown command "${first}". Run \`bqdeploy --help\` for the list.`, EXIT_USAGE);
  }
  try {
    const { positionals, options } = parseCommandArgs(command, rest);
    if (options.help) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return EXIT_OK;
    }
    const flags: Partial<Record<SettingName, string>> = {};
    for (const [flag, value] of Object.entries(options)) {
      const setting = FLAG_TO_SETTING.get(flag);
      if (setting && typeof value === "string") flags[setting] = value;
    }
    const configFile =
      typeof options.config === "string"
        ? resolve(io.cwd, options.config)
        : join(io.cwd, "bqdeploy.config.json");
    const { settings } = resolveSettings({
      flags,
      env: io.env,
      configFile,
      configFileRequired: typeof options.config === "string",
    });
    const logger = stderrLogger(io.stderr, options.verbose === true);
    const signal = opts.signal ?? new AbortController().signal;
    const code = await command.run({ positionals, options, settings, io, out, logger, signal });
    out.endProgress();
    return typeof code === "number" ? code : EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError) {
      const usage = err.command ? ` Usage: ${commandUsage(err.command)} (see --help)` : "";
      return fail("USAGE", `${err.message}.${usage}`.replace(/\.\./g, "."), EXIT_USAGE);
    }
    if (isBqdeployError(err)) return fail(err.code, err.message, exitCodeFor(err.code), err.details);
    const message = err instanceof Error ? err.message : String(err);
    return fail("INTERNAL", `unexpected error: ${message}`, EXIT_FAILURE);
  }
}
