/** One model of a `--model_config_file` (the subset of ModelServerConfig that bqdeploy writes). */
export interface ModelConfigEntry {
  name: string;
  basePath: string;
  /** latest N (default latest 1), every version, or the listed ones. */
  policy: { kind: "latest"; count: number } | { kind: "all" } | { kind: "specific"; versions: number[] };
  labels: Record<string, number>;
}

const TOKEN = /\s+|#[^\n]*|([A-Za-z_][A-Za-z0-9_]*|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+|[{}:])/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`models config: cannot parse near "${source.slice(at, at + 20)}"`);
    if (match[1] !== undefined) tokens.push(match[1]);
  }
  return tokens;
}

type Message = Array<[string, string | Message]>;

function parseMessage(tokens: string[], at: { i: number }, closing: boolean): Message {
  const fields: Message = [];
  while (at.i < tokens.length) {
    const name = tokens[at.i++] ?? "";
    if (name === "}") {
      if (!closing) throw new Error("models config: unexpected }");
      return fields;
    }
    let next = tokens[at.i++];
    if (next === ":") next = tokens[at.i++];
    if (next === "{") fields.push([name, parseMessage(tokens, at, true)]);
    else if (next !== undefined) fields.push([name, next.replace(/^['"]|['"]$/g, "")]);
    else throw new Error(`models config: field ${name} has no value`);
  }
  if (closing) throw new Error("models config: missing }");
  return fields;
}

const all = (m: Message, key: string): Array<string | Message> =>
  m.filter(([k]) => k === key).map(([, v]) => v);
const text = (m: Message, key: string): string | undefined => {
  const value = all(m, key)[0];
  return typeof value === "string" ? value : undefined;
};
const message = (m: Message, key: string): Message | undefined => {
  const value = all(m, key)[0];
  return typeof value === "string" ? undefined : value;
};

/** Parses the text protobuf of a models.config (`model_config_list { config { ... } }`). */
export function parseModelsConfig(source: string): ModelConfigEntry[] {
  const root = parseMessage(tokenize(source), { i: 0 }, false);
  const list = message(root, "model_config_list");
  if (!list) throw new Error("models config: model_config_list is missing");
  return all(list, "config").map((value) => {
    if (typeof value === "string") throw new Error("models config: config must be a message");
    const name = text(value, "name");
    const basePath = text(value, "base_path");
    if (!name || !basePath) throw new Error("models config: every config needs name and base_path");
    const labels: Record<string, number> = {};
    for (const entry of all(value, "version_labels")) {
      if (typeof entry === "string") continue;
      labels[text(entry, "key") ?? ""] = Number(text(entry, "value"));
    }
    const policy = message(value, "model_version_policy");
    const specific = policy && message(policy, "specific");
    const latest = policy && message(policy, "latest");
    return {
      name,
      basePath,
      labels,
      policy: specific
        ? { kind: "specific", versions: all(specific, "versions").map(Number) }
        : policy && message(policy, "all")
          ? { kind: "all" }
          : { kind: "latest", count: Number((latest && text(latest, "num_versions")) ?? 1) },
    };
  });
}
