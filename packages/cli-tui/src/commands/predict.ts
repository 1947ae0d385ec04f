import { BqdeployError, parseTfJson, predictLocally } from "@bqdeploy/core";
import type { CommandContext } from "../cli/command.js";
import { defineCommand, UsageError } from "../cli/command.js";
import { readPredictBody } from "./instances-input.js";
import { clientFor, modelTarget, SERVER_OPTIONS } from "./serving-options.js";

/** `--model-dir`: run the export in this process and print TF Serving's exact answer. */
async function predictInProcess(ctx: CommandContext, modelDir: string, body: string): Promise<number> {
  const answer = await predictLocally(modelDir, body, {
    noTransform: ctx.options["no-transform"] === true,
    logger: ctx.logger,
  });
  if (answer.status !== 200) {
    const message = (parseTfJson(answer.body) as { error?: string }).error ?? answer.body;
    throw new BqdeployError("PREDICT_FAILED", message, { details: { httpStatus: answer.status } });
  }
  ctx.io.stdout.write(answer.body.endsWith("\n") ? answer.body : `${answer.body}\n`);
  return 0;
}

/** A running server: validated against the signature, then sent with the client. */
async function predictRemote(ctx: CommandContext, model: string, body: string): Promise<number> {
  const request = parseTfJson(body) as { instances?: unknown[]; inputs?: unknown; signature_name?: string };
  const client = clientFor(ctx, { validate: true });
  try {
    const options = { ...modelTarget(ctx), signal: ctx.signal, signatureName: request.signature_name };
    if (request.inputs !== undefined) {
      const outputs = await client.predictColumnar(model, request.inputs, options);
      ctx.out.result({ outputs });
    } else {
      const predictions = await client.predict(model, request.instances ?? [], options);
      ctx.out.result({ predictions });
    }
    return 0;
  } finally {
    await client.close();
  }
}

/** `bqdeploy predict`: a prediction from a running server, or straight from an export folder. */
export const predictCommand = defineCommand({
  name: "predict",
  summary: "Send a predict request to a served model, or run an export folder directly (--model-dir)",
  positionals: [{ name: "MODEL", description: "the served model's name (not with --model-dir)" }],
  options: {
    instances: { type: "string", value: "FILE|-", description: "The request: a JSON file or - for stdin" },
    "model-dir": {
      type: "string",
      value: "DIR",
      description: "Run this export folder in-process (no server)",
    },
    "no-transform": {
      type: "boolean",
      description: "With --model-dir: ignore transform/, as tensorflow/serving does",
    },
    ...SERVER_OPTIONS,
  },
  details: [
    'The request is TF Serving\'s body ({"instances": [...]} or {"inputs": ...}) or a bare list of instances.',
    "Examples:",
    "  bqdeploy predict tip_model --instances request.json",
    "  echo '[{\"f1\": 1}]' | bqdeploy predict --model-dir ./export --instances -",
  ].join("\n"),
  async run(ctx) {
    const modelDir = ctx.options["model-dir"];
    const model = ctx.positionals[0];
    if (typeof modelDir === "string" && model !== undefined)
      throw new UsageError("Give MODEL or --model-dir, not both");
    if (typeof modelDir !== "string" && model === undefined)
      throw new UsageError("Give a MODEL name (served) or --model-dir DIR");
    const body = await readPredictBody(ctx);
    return typeof modelDir === "string"
      ? predictInProcess(ctx, modelDir, body)
      : predictRemote(ctx, model!, body);
  },
});
