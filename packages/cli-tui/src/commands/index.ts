import type { CommandDef } from "../cli/command.js";

/** Every command of `bqdeploy`, in the order `--help` lists them. Add a command: one file + one line here. */
export const commands: CommandDef[] = [];
