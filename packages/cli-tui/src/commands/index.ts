import type { CommandDef } from "../cli/command.js";
import { k8sApplyCommand } from "./k8s-apply.js";
import { k8sRenderCommand } from "./k8s-render.js";
import { k8sStatusCommand } from "./k8s-status.js";
import { labelCommand } from "./label.js";
import { pruneCommand } from "./prune.js";
import { rollbackCommand } from "./rollback.js";
import { versionsCommand } from "./versions.js";

/** Every command of `bqdeploy`, in the order `--help` lists them. Add a command: one file + one line here. */
export const commands: CommandDef[] = [
  versionsCommand,
  labelCommand,
  rollbackCommand,
  pruneCommand,
  k8sRenderCommand,
  k8sApplyCommand,
  k8sStatusCommand,
];
