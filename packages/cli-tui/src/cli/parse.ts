import { parseArgs } from "node:util";
import type { CommandDef, OptionValues } from "./command.js";
import { UsageError } from "./command.js";
import { GLOBAL_OPTIONS } from "./help.js";

/** Finds the command whose (possibly multi-word) name matches the most leading words of argv. */
export function findCommand(
  commands: readonly CommandDef[],
  argv: readonly string[],
): { command?: CommandDef; rest: string[] } {
  let best: CommandDef | undefined;
  let bestWords = 0;
  for (const command of commands) {
    const words = command.name.split(" ");
    if (words.length > bestWords && words.every((w, i) => argv[i] === w)) {
      best = command;
      bestWords = words.length;
    }
  }
  return { command: best, rest: argv.slice(bestWords) };
}

/** Parses a command's arguments strictly: unknown options and missing values are usage errors. */
export function parseCommandArgs(
  command: CommandDef,
  args: string[],
): { positionals: string[]; options: OptionValues } {
  const options = { ...GLOBAL_OPTIONS, ...command.options };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
    });
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/\. To specify a positional.*$/s, "."), command);
  }
  const values = parsed.values as OptionValues;
  if (values.help) return { positionals: parsed.positionals, options: values };
  const declared = command.positionals ?? [];
  const required = declared.filter((p) => p.required).length;
  if (parsed.positionals.length < required) {
    const missing = declared
      .filter((p) => p.required)
      .slice(parsed.positionals.length)
      .map((p) => p.name);
    throw new UsageError(`Missing argument: ${missing.join(" ")}`, command);
  }
  if (parsed.positionals.length > declared.length) {
    throw new UsageError(`Unexpected argument: ${parsed.positionals[declared.length]}`, command);
  }
  return { positionals: parsed.positionals, options: values };
}
