import { TfServingClient } from "@bqdeploy/core";
import type { CommandContext, OptionDef } from "../cli/command.js";
import { UsageError } from "../cli/command.js";

/** Options shared by the commands that talk to a running TF-Serving-compatible server. */
export const SERVER_OPTIONS: Record<string, OptionDef> = {
  url: {
    type: "string",
    value: "URL",
    description: "TF Serving REST endpoint (default http://127.0.0.1:8501)",
  },
  version: { type: "string", value: "N", description: "A specific model version" },
  label: { type: "string", value: "L", description: "A version label (e.g. stable, canary)" },
  token: { type: "string", value: "T", description: "Bearer token the server requires" },
  "timeout-ms": { type: "string", value: "MS", description: "Per-request timeout (default 30000)" },
};

/** The version/label a command targets, checked. */
export function modelTarget(ctx: CommandContext): { version?: number; label?: string } {
  const { version, label } = ctx.options;
  if (version !== undefined && label !== undefined)
    throw new UsageError("Give --version or --label, not both");
  if (typeof version === "string") {
    if (!/^\d+$/.test(version)) throw new UsageError(`--version must be a whole number, got "${version}"`);
    return { version: Number(version) };
  }
  return typeof label === "string" ? { label } : {};
}

/** A client for the server the settings point at. Close it when done. */
export function clientFor(ctx: CommandContext, options: { validate?: boolean } = {}): TfServingClient {
  return new TfServingClient({
    ...options,
    url: ctx.settings.url,
    token: ctx.settings.token,
    timeoutMs: ctx.settings.timeoutMs,
    logger: ctx.logger,
  });
}
