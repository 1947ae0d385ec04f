/** One model served from a `--model_config_file`. */
export interface ServedModel {
  name: string;
  /** Only this version; otherwise the latest one. */
  version?: number;
  /** Version labels (label -> version). */
  labels?: Record<string, number>;
}

const quote = (text: string): string => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * TF Serving's ModelServerConfig as text protobuf, for models under `basePath` (`<basePath>/<name>`).
 * Labels of versions not otherwise served get those versions served too (a label must point at an
 * AVAILABLE version).
 */
export function renderModelsConfig(models: readonly ServedModel[], basePath: string): string {
  const configs = models.map((model) => {
    const lines = [
      `    name: ${quote(model.name)}`,
      `    base_path: ${quote(`${basePath}/${model.name}`)}`,
      "    model_platform: 'tensorflow'",
    ];
    const labelled = Object.values(model.labels ?? {});
    const specific =
      model.version === undefined && labelled.length === 0
        ? []
        : [...new Set([...(model.version === undefined ? [] : [model.version]), ...labelled])];
    if (specific.length > 0) {
      lines.push(
        `    model_version_policy { specific { ${specific
          .sort((a, b) => a - b)
          .map((v) => `versions: ${v}`)
          .join(" ")} } }`,
      );
    }
    for (const [label, version] of Object.entries(model.labels ?? {})) {
      lines.push(`    version_labels { key: ${quote(label)} value: ${version} }`);
    }
    return `  config {\n${lines.join("\n")}\n  }`;
  });
  return `model_config_list {\n${configs.join("\n")}\n}\n`;
}
