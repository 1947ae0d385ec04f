import { BqdeployError } from "../errors/index.js";
import { parseTextProto, quoteText, type TextField, type TextMessage } from "./text-proto.js";

/** Which versions of a model TF Serving loads. Its default is `{kind: "latest", numVersions: 1}`. */
export type VersionPolicy =
  | { kind: "latest"; numVersions: number }
  | { kind: "all" }
  | { kind: "specific"; versions: number[] };

/** One `config { ... }` entry of models.config. */
export interface ModelConfigEntry {
  name: string;
  basePath: string;
  /** "tensorflow" for SavedModels. */
  modelPlatform: string;
  /** Absent means TF Serving's default (latest 1). */
  versionPolicy?: VersionPolicy;
  /** label -> version. */
  versionLabels: Record<string, number>;
}

/** TF Serving's `--model_config_file` content. */
export interface ModelsConfig {
  models: ModelConfigEntry[];
}

function invalid(field: TextField, what: string): never {
  throw new BqdeployError("INVALID_CONFIG", `models.config line ${field.line}: ${what}.`, {
    details: { line: field.line },
  });
}

function messageOf(field: TextField): TextMessage {
  if (!Array.isArray(field.value)) invalid(field, `${field.name} must be a { ... } block`);
  return field.value;
}

function stringOf(field: TextField): string {
  if (typeof field.value !== "string") invalid(field, `${field.name} must be a quoted string`);
  return field.value;
}

function intOf(field: TextField): number {
  if (typeof field.value !== "number" || !Number.isSafeInteger(field.value))
    invalid(field, `${field.name} must be an integer`);
  return field.value;
}

function parsePolicy(field: TextField): VersionPolicy {
  const inner = messageOf(field)[0];
  if (!inner) return { kind: "latest", numVersions: 1 };
  const body = messageOf(inner);
  if (inner.name === "all") return { kind: "all" };
  if (inner.name === "latest") {
    const n = body.find((f) => f.name === "num_versions");
    return { kind: "latest", numVersions: n ? intOf(n) : 1 };
  }
  if (inner.name === "specific")
    return { kind: "specific", versions: body.filter((f) => f.name === "versions").map(intOf) };
  invalid(inner, `unknown version policy ${inner.name} (use latest, all or specific)`);
}

function parseEntry(field: TextField): ModelConfigEntry {
  const entry: ModelConfigEntry = { name: "", basePath: "", modelPlatform: "tensorflow", versionLabels: {} };
  for (const f of messageOf(field)) {
    if (f.name === "name") entry.name = stringOf(f);
    else if (f.name === "base_path") entry.basePath = stringOf(f);
    else if (f.name === "model_platform") entry.modelPlatform = stringOf(f);
    else if (f.name === "model_version_policy") entry.versionPolicy = parsePolicy(f);
    else if (f.name === "version_labels") {
      const body = messageOf(f);
      const key = body.find((x) => x.name === "key");
      const value = body.find((x) => x.name === "value");
      if (!key || !value) invalid(f, "version_labels needs a key and a value");
      entry.versionLabels[stringOf(key)] = intOf(value);
    }
  }
  if (!entry.name) invalid(field, "a config entry has no name");
  return entry;
}

/** Parses TF Serving's models.config (text protobuf). Throws INVALID_CONFIG with the line at fault. */
export function parseModelsConfig(text: string): ModelsConfig {
  const models: ModelConfigEntry[] = [];
  for (const top of parseTextProto(text)) {
    if (top.name !== "model_config_list") continue;
    for (const field of messageOf(top)) if (field.name === "config") models.push(parseEntry(field));
  }
  return { models };
}

function formatPolicy(policy: VersionPolicy): string {
  if (policy.kind === "all") return "all {}";
  if (policy.kind === "latest") return `latest { num_versions: ${policy.numVersions} }`;
  return `specific { ${policy.versions.map((v) => `versions: ${v}`).join(" ")} }`;
}

/** Writes a ModelsConfig in TF Serving's text format (one `config` block per model). */
export function formatModelsConfig(config: ModelsConfig): string {
  const lines = [
    "# Written by bqdeploy. TF Serving: --model_config_file=<this file>.",
    "model_config_list {",
  ];
  for (const m of config.models) {
    lines.push("  config {");
    lines.push(`    name: ${quoteText(m.name)}`);
    lines.push(`    base_path: ${quoteText(m.basePath)}`);
    lines.push(`    model_platform: ${quoteText(m.modelPlatform)}`);
    if (m.versionPolicy) lines.push(`    model_version_policy { ${formatPolicy(m.versionPolicy)} }`);
    for (const [key, value] of Object.entries(m.versionLabels).sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`    version_labels { key: ${quoteText(key)} value: ${value} }`);
    }
    lines.push("  }");
  }
  lines.push("}", "");
  return lines.join("\n");
}
