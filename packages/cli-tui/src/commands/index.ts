import type { CommandDef } from "../cli/command.js";
import { labelCommand } from "./label.js";
import { pruneCommand } from "./prune.js";
import { rollbackCommand } from "./rollback.js";
import { versionsCommand } from "./versions.js";

/** Every command of `bqdeploy`, in the order `--help` lists them. Add a command: one file + one line here. */
export const commands: CommandDef[] = [versionsCommand, labelCommand, rollbackCommand, pruneCommand];
