import type { CommandDef, OptionDef } from "./command.js";

export const GLOBAL_OPTIONS: Record<string, OptionDef> = {
  json: {
    type: "boolean",
    description: "Machine-readable output: JSON results, JSON-lines events, JSON errors",
  },
  help: { type: "boolean", short: "h", description: "Show help" },
  config: { type: "string", value: "FILE", description: "Settings file (default ./bqdeploy.config.json)" },
  verbose: { type: "boolean", short: "v", description: "Log details to stderr" },
  quiet: { type: "boolean", short: "q", description: "Print only results and errors" },
};

function optionLines(options: Record<string, OptionDef>): string[] {
  return Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return `  ${flag.padEnd(32)} ${o.description}`;
  });
}

export function commandUsage(cmd: CommandDef): string {
  const pos = (cmd.positionals ?? []).map((p) => (p.required ? p.name : `[${p.name}]`)).join(" ");
  return `bqdeploy ${cmd.name}${pos ? ` ${pos}` : ""}${cmd.options && Object.keys(cmd.options).length ? " [options]" : ""}`;
}

export function commandHelp(cmd: CommandDef): string {
  const lines = [`Usage: ${commandUsage(cmd)}`, "", cmd.summary];
  if (cmd.positionals?.length) {
    lines.push("", "Arguments:");
    for (const p of cmd.positionals) lines.push(`  ${p.name.padEnd(32)} ${p.description}`);
  }
  if (cmd.options && Object.keys(cmd.options).length) lines.push("", "Options:", ...optionLines(cmd.options));
  lines.push("", "Global options:", ...optionLines(GLOBAL_OPTIONS));
  if (cmd.details) lines.push("", cmd.details);
  return lines.join("\n");
}

export function mainHelp(commands: readonly CommandDef[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `bqdeploy ${version}: serve BigQuery ML models for real-time predictions`,
    "",
    "Usage: bqdeploy <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    "",
    "Global options:",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "Run `bqdeploy <command> --help` for a command's options. Exit codes: 0 success, 1 failure, 2 usage error.",
  ].join("\n");
}
