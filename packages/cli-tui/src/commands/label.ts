import { parseLabelAssignment } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { openRepository, REPO_OPTION } from "./repository-option.js";

/** `bqdeploy label MODEL LABEL=VERSION` (or `--remove LABEL`): version labels in models.config. */
export const labelCommand = defineCommand({
  name: "label",
  summary: "Point a version label (stable, canary, ...) at a version, in models.config",
  positionals: [
    { name: "MODEL", description: "the model", required: true },
    { name: "LABEL=VERSION", description: "e.g. stable=3 (omit with --remove)" },
  ],
  options: {
    ...REPO_OPTION,
    remove: { type: "string", value: "LABEL", description: "remove this label instead" },
  },
  details: "Examples:\n  bqdeploy label tip_model stable=3\n  bqdeploy label tip_model --remove canary",
  async run(ctx) {
    const repo = openRepository(ctx);
    const model = ctx.positionals[0]!;
    const assignment = ctx.positionals[1];
    if (typeof ctx.options.remove === "string") {
      const existed = await repo.removeLabel(model, ctx.options.remove);
      const labels = await repo.labels(model);
      ctx.out.result({ model, removed: existed ? ctx.options.remove : null, labels }, () =>
        existed
          ? `Removed label ${ctx.options.remove} of ${model}.`
          : `${model} had no label ${ctx.options.remove}.`,
      );
      return;
    }
    if (assignment === undefined) {
      ctx.out.result({ model, labels: await repo.labels(model) }, (value) => {
        const labels = Object.entries((value as { labels: Record<string, number> }).labels);
        return labels.length ? labels.map(([l, v]) => `${l}=${v}`).join("\n") : `${model} has no labels.`;
      });
      return;
    }
    const { label, version } = parseLabelAssignment(assignment);
    await repo.setLabel(model, label, version);
    ctx.out.result(
      { model, label, version, labels: await repo.labels(model) },
      `${model}: ${label} -> version ${version}`,
    );
  },
});
