import type { CommandDef } from "../cli/command.js";
import { k8sApplyCommand } from "./k8s-apply.js";
import { k8sRenderCommand } from "./k8s-render.js";
import { k8sStatusCommand } from "./k8s-status.js";
import { demoCommand } from "./demo.js";
import { deployCommand } from "./deploy.js";
import { exportCommand } from "./export.js";
import { labelCommand } from "./label.js";
import { metadataCommand } from "./metadata.js";
import { predictCommand } from "./predict.js";
import { statusCommand } from "./status.js";
import { logsCommand } from "./logs.js";
import { pruneCommand } from "./prune.js";
import { psCommand } from "./ps.js";
import { pullCommand } from "./pull.js";
import { rollbackCommand } from "./rollback.js";
import { serveCommand } from "./serve.js";
import { stopCommand } from "./stop.js";
import { versionsCommand } from "./versions.js";

/** Every command of `bqdeploy`, in the order `--help` lists them. Add a command: one file + one line here. */
export const commands: CommandDef[] = [
  demoCommand,
  deployCommand,
  exportCommand,
  pullCommand,
  versionsCommand,
  labelCommand,
  rollbackCommand,
  pruneCommand,
  serveCommand,
  statusCommand,
  metadataCommand,
  predictCommand,
  psCommand,
  logsCommand,
  stopCommand,
  k8sRenderCommand,
  k8sApplyCommand,
  k8sStatusCommand,
];
