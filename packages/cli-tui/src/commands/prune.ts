import { defineCommand, UsageError } from "../cli/command.js";
import { openRepository, REPO_OPTION } from "./repository-option.js";

/** `bqdeploy prune MODEL --keep N`: delete old versions, never a labelled one. */
export const pruneCommand = defineCommand({
  name: "prune",
  summary: "Delete all but the newest N versions of a model (labelled versions are always kept)",
  positionals: [{ name: "MODEL", description: "the model", required: true }],
  options: {
    ...REPO_OPTION,
    keep: { type: "string", value: "N", description: "versions to keep (required)" },
  },
  details: "Example:\n  bqdeploy prune tip_model --keep 3",
  async run(ctx) {
    const keepText = ctx.options.keep;
    const keep = typeof keepText === "string" && /^[0-9]+$/.test(keepText) ? Number(keepText) : Number.NaN;
    if (!(keep >= 1)) throw new UsageError("--keep N is required, with N a positive integer", pruneCommand);
    const model = ctx.positionals[0]!;
    const result = await openRepository(ctx).prune(model, { keep });
    ctx.out.result({ model, ...result }, () =>
      result.removed.length
        ? `${model}: removed ${result.removed.join(", ")}; kept ${result.kept.join(", ") || "none"}`
        : `${model}: nothing to remove; kept ${result.kept.join(", ") || "none"}`,
    );
  },
});
