import { defineCommand } from "../cli/command.js";
import { clientFor, modelTarget, SERVER_OPTIONS } from "./serving-options.js";

/** `bqdeploy status MODEL`: the model's versions and states as the server reports them. */
export const statusCommand = defineCommand({
  name: "status",
  summary: "Show a served model's versions and states (optionally wait until it is AVAILABLE)",
  positionals: [{ name: "MODEL", description: "the model name", required: true }],
  options: {
    ...SERVER_OPTIONS,
    wait: {
      type: "boolean",
      description: "Wait until the model is AVAILABLE (fails fast if loading failed)",
    },
    "wait-timeout-ms": { type: "string", value: "MS", description: "How long --wait waits (default 60000)" },
  },
  details: "Examples:\n  bqdeploy status tip_model\n  bqdeploy status tip_model --wait --json",
  async run(ctx) {
    const model = ctx.positionals[0]!;
    const client = clientFor(ctx);
    try {
      const target = modelTarget(ctx);
      if (ctx.options.wait) {
        const timeoutMs = Number(ctx.options["wait-timeout-ms"] ?? 60_000);
        await client.waitUntilAvailable(model, { ...target, timeoutMs, signal: ctx.signal });
      }
      const versions = await client.status(model, { ...target, signal: ctx.signal });
      ctx.out.result({ model, model_version_status: versions }, () =>
        [
          `${model} at ${ctx.settings.url}:`,
          ...versions.map(
            (v) =>
              `  version ${v.version}  ${v.state}${v.errorCode !== "OK" ? `  ${v.errorCode}: ${v.errorMessage}` : ""}`,
          ),
        ].join("\n"),
      );
    } finally {
      await client.close();
    }
  },
});
