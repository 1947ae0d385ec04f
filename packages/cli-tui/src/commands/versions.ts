import type { ModelInfo, VersionInfo } from "@bqdeploy/core";
import { formatBytes } from "../output/progress-bar.js";
import { defineCommand } from "../cli/command.js";
import { openRepository, REPO_OPTION } from "./repository-option.js";

function versionLine(v: VersionInfo): string {
  const m = v.metadata;
  const labels = v.labels.length ? ` [${v.labels.join(", ")}]` : "";
  if (!m) return `  ${v.version}${labels}  (no model files)`;
  const kind = `${m.modelType}${m.hasTransform ? "+transform" : ""}`;
  return `  ${v.version}${labels}  ${kind}  ${m.fileCount} files  ${formatBytes(m.sizeBytes)}  ${m.installedAt}  ${m.sourceUri ?? ""}`.trimEnd();
}

function modelLine(m: ModelInfo): string {
  const labels = Object.entries(m.labels).map(([l, v]) => `${l}=${v}`);
  const versions = m.versions.length ? `versions ${m.versions.join(", ")}` : "no versions";
  return `${m.name}  ${versions}${labels.length ? `  labels ${labels.join(" ")}` : ""}`;
}

/** `bqdeploy versions [MODEL]`: the models of the repository, or one model's versions. */
export const versionsCommand = defineCommand({
  name: "versions",
  summary: "List the models of the repository, or the versions of one model",
  positionals: [{ name: "MODEL", description: "a model name (omit to list every model)" }],
  options: REPO_OPTION,
  details: "Examples:\n  bqdeploy versions\n  bqdeploy versions tip_model --json",
  async run(ctx) {
    const repo = openRepository(ctx);
    const model = ctx.positionals[0];
    if (model === undefined) {
      const models = await repo.models();
      ctx.out.result({ repo: repo.root, models }, () =>
        models.length
          ? models.map(modelLine).join("\n")
          : `No models in ${repo.root}. Add one with \`bqdeploy pull\`.`,
      );
      return;
    }
    const versions = await repo.versions(model);
    ctx.out.result({ repo: repo.root, model, versions }, () =>
      versions.length
        ? [`${model}:`, ...versions.map(versionLine)].join("\n")
        : `${model} has no versions in ${repo.root}.`,
    );
  },
});
