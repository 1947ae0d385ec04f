import { defineCommand } from "../cli/command.js";
import { openRepository, REPO_OPTION } from "./repository-option.js";

/** `bqdeploy rollback MODEL`: take the newest version out of serving. */
export const rollbackCommand = defineCommand({
  name: "rollback",
  summary: "Stop serving the newest version: the previous one becomes the latest, labels follow",
  positionals: [{ name: "MODEL", description: "the model", required: true }],
  options: REPO_OPTION,
  details:
    "The newest version folder is renamed to a hidden .retired-<v>-<time> folder, which TF Serving\n" +
    "unloads on its next poll; labels that pointed at it move to the previous version.\n" +
    "`bqdeploy prune` deletes retired folders.",
  async run(ctx) {
    const result = await openRepository(ctx).rollback(ctx.positionals[0]!);
    ctx.out.result(
      result,
      `${result.model}: version ${result.from} retired, now serving version ${result.to}`,
    );
  },
});
