import type { PlannedModel } from "./render-plan.js";

/**
 * TF Serving's models.config (text protobuf `model_config_list`) for models read from gs://.
 * Names, paths and labels are validated before they get here, so quoting with '...' is safe.
 */
export function renderModelConfig(models: readonly PlannedModel[]): string {
  const lines = ["model_config_list {"];
  for (const model of models) {
    lines.push("  config {");
    lines.push(`    name: '${model.name}'`);
    lines.push(`    base_path: '${model.basePath}'`);
    lines.push("    model_platform: 'tensorflow'");
    const policy = model.versionPolicy;
    if (policy && "latest" in policy) {
      lines.push(`    model_version_policy { latest { num_versions: ${policy.latest} } }`);
    } else if (policy && "specific" in policy) {
      const versions = policy.specific.map((v) => `versions: ${v}`).join(" ");
      lines.push(`    model_version_policy { specific { ${versions} } }`);
    } else if (policy && "all" in policy) {
      lines.push("    model_version_policy { all {} }");
    }
    for (const [label, version] of Object.entries(model.labels).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    version_labels { key: '${label}' value: ${version} }`);
    }
    lines.push("  }");
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
