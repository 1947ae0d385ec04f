import type { Logger, Settings } from "@bqdeploy/core";
import type { Output } from "../output/output.js";
import type { Io } from "./io.js";

export interface OptionDef {
  type: "string" | "boolean";
  description: string;
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. "DIR". */
  value?: string;
}

export interface PositionalDef {
  name: string;
  description: string;
  required?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** What a command's run() receives. */
export interface CommandContext {
  positionals: string[];
  options: OptionValues;
  /** Settings resolved from flags > environment > config file > defaults. */
  settings: Settings;
  io: Io;
  out: Output;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

/**
 * A declarative command. `name` may have several words ("k8s render"). Options named like a setting
 * (repo, url, project, location, runtime, host, port, token, image, storage-endpoint, bigquery-endpoint,
 * timeout-ms) feed the settings resolver; see core's SETTINGS.
 */
export interface CommandDef {
  name: string;
  summary: string;
  positionals?: PositionalDef[];
  options?: Record<string, OptionDef>;
  /** Extra help text (examples). */
  details?: string;
  run(ctx: CommandContext): Promise<number | undefined> | Promise<void>;
}

/** Defines a command (an identity function that keeps the literal types). */
export function defineCommand(def: CommandDef): CommandDef {
  return def;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: CommandDef,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
