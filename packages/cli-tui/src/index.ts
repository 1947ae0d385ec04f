export { main } from "./cli/main.js";
export type { MainOptions } from "./cli/main.js";
export { defineCommand, UsageError } from "./cli/command.js";
export type { CommandContext, CommandDef, OptionDef, OptionValues, PositionalDef } from "./cli/command.js";
export type { Io, TextSink } from "./cli/io.js";
export { CLI_VERSION } from "./version.js";
