import { readFileSync } from "node:fs";
import * as z from "zod";
import { BqdeployError } from "../errors/index.js";
import { SETTINGS, type SettingName, type Settings, settingsSchema } from "./settings.js";

export type SettingSource = "flag" | "environment" | "config file" | "default";

export interface SettingsInput {
  /** Values from command-line flags, by setting name (undefined = not given). */
  flags?: Partial<Record<SettingName, string | number | undefined>>;
  /** The environment to read BQDEPLOY_* (and the emulator variables) from. */
  env?: Record<string, string | undefined>;
  /** Path of bqdeploy.config.json; read when it exists. */
  configFile?: string;
  /** Whether a missing configFile is an error (true when the user named it). */
  configFileRequired?: boolean;
}

export interface ResolvedSettings {
  settings: Settings;
  /** Where each setting's value came from. */
  sources: Record<SettingName, SettingSource>;
}

function readConfigFile(path: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new BqdeployError(
      "INVALID_CONFIG",
      `Cannot read the config file ${path}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BqdeployError(
      "INVALID_CONFIG",
      `The config file ${path} is not valid JSON: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new BqdeployError("INVALID_CONFIG", `The config file ${path} must hold a JSON object of settings.`);
  }
  const unknown = Object.keys(parsed).filter((k) => !(k in SETTINGS));
  if (unknown.length > 0) {
    throw new BqdeployError(
      "INVALID_CONFIG",
      `The config file ${path} has unknown setting(s): ${unknown.join(", ")}. Known: ${Object.keys(SETTINGS).join(", ")}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

/**
 * Resolves settings with the precedence flags > environment > config file > defaults, validating each
 * value against one schema. An invalid value is an INVALID_CONFIG error naming the setting and its source.
 */
export function resolveSettings(input: SettingsInput = {}): ResolvedSettings {
  const file = input.configFile ? readConfigFile(input.configFile, input.configFileRequired ?? false) : {};
  const raw: Record<string, unknown> = {};
  const sources = {} as Record<SettingName, SettingSource>;
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const flag = input.flags?.[name];
    const env = input.env?.[SETTINGS[name].env];
    if (flag !== undefined) [raw[name], sources[name]] = [flag, "flag"];
    else if (env !== undefined && env !== "") [raw[name], sources[name]] = [env, "environment"];
    else if (file[name] !== undefined) [raw[name], sources[name]] = [file[name], "config file"];
    else sources[name] = "default";
  }
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0]) as SettingName;
      const spec = SETTINGS[name];
      const where =
        sources[name] === "flag"
          ? `flag --${spec.flag}`
          : sources[name] === "environment"
            ? `environment variable ${spec.env}`
            : sources[name] === "config file"
              ? `"${name}" in ${input.configFile}`
              : "default";
      return `${name} (from ${where}): ${issue.message}`;
    });
    throw new BqdeployError("INVALID_CONFIG", `Invalid setting: ${lines.join("; ")}`, {
      details: { issues: z.treeifyError(result.error) },
    });
  }
  return { settings: result.data, sources };
}
