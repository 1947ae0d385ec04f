import { resolve } from "node:path";
import { ModelRepository } from "@bqdeploy/core";
import type { CommandContext, OptionDef } from "../cli/command.js";

/** The `--repo DIR` option shared by the repository commands (a setting: also BQDEPLOY_REPO). */
export const REPO_OPTION: Record<string, OptionDef> = {
  repo: { type: "string", value: "DIR", description: "Model repository folder (default ./models)" },
};

/** The repository the command works on, resolved against the working folder. */
export function openRepository(ctx: CommandContext): ModelRepository {
  return new ModelRepository(resolve(ctx.io.cwd, ctx.settings.repo), { logger: ctx.logger });
}
