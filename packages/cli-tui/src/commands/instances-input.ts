import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { BqdeployError } from "@bqdeploy/core";
import type { CommandContext } from "../cli/command.js";
import { UsageError } from "../cli/command.js";
import { readAll } from "../cli/io.js";

/**
 * Reads the request given with `--instances FILE|-` as a predict body: a whole TF Serving request
 * (`{"instances": [...]}`, `{"inputs": ...}`, optionally with "signature_name"), or a bare list of
 * instances, which is wrapped as `{"instances": [...]}`.
 */
export async function readPredictBody(ctx: CommandContext): Promise<string> {
  const source = ctx.options.instances;
  if (typeof source !== "string")
    throw new UsageError("--instances FILE (or - for standard input) is required");
  let text: string;
  try {
    text = source === "-" ? await readAll(ctx.io.stdin) : await readFile(resolve(ctx.io.cwd, source), "utf8");
  } catch (err) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Cannot read instances from ${source}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const trimmed = text.trim();
  if (trimmed === "")
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `${source === "-" ? "Standard input" : source} is empty: give a JSON request or a list of instances.`,
    );
  return trimmed.startsWith("[") ? `{"instances": ${trimmed}}` : trimmed;
}
