import type { CommandDef } from "../cli/command.js";
import { logsCommand } from "./logs.js";
import { psCommand } from "./ps.js";
import { serveCommand } from "./serve.js";
import { stopCommand } from "./stop.js";

/** Every command of `bqdeploy`, in the order `--help` lists them. Add a command: one file + one line here. */
export const commands: CommandDef[] = [serveCommand, psCommand, logsCommand, stopCommand];
