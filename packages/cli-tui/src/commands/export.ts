import { type ExportEvent, type ExportFormatChoice, exportModel, type ExportResult } from "@bqdeploy/core";
import { defineCommand, UsageError } from "../cli/command.js";
import { parseModelRef } from "./bigquery-model-ref.js";

const FORMATS: readonly ExportFormatChoice[] = ["auto", "tf", "xgboost"];

function humanEvent(event: ExportEvent, state: { last?: string }): string | undefined {
  if (event.type === "export.checked") {
    return `${event.model} is a ${event.modelType} model: exporting as ${event.format}${event.warnings.map((w) => `\nwarning: ${w}`).join("")}`;
  }
  if (event.type === "export.job-created")
    return `${event.reused ? "Waiting for the existing" : "Created"} extract job ${event.jobId}`;
  if (event.type === "export.progress" && event.state !== state.last) {
    state.last = event.state;
    return `job ${event.jobId}: ${event.state}`;
  }
  return undefined;
}

/** `bqdeploy export [PROJECT.]DATASET.MODEL gs://BUCKET/PREFIX`: what `bq extract -m` does. */
export const exportCommand = defineCommand({
  name: "export",
  summary:
    "Export a BigQuery ML model to Cloud Storage (bq extract -m), checking first that it can be served",
  positionals: [
    { name: "[PROJECT.]DATASET.MODEL", description: "the BigQuery ML model", required: true },
    { name: "gs://BUCKET/PREFIX", description: "the destination folder", required: true },
  ],
  options: {
    project: { type: "string", value: "ID", description: "Google Cloud project (if the model names none)" },
    location: { type: "string", value: "LOC", description: "BigQuery location of the dataset" },
    format: {
      type: "string",
      value: "FORMAT",
      description: "auto (default, from the model type), tf or xgboost",
    },
    "bigquery-endpoint": {
      type: "string",
      value: "URL",
      description: "BigQuery API base URL (a fake or emulator)",
    },
  },
  details:
    "Then `bqdeploy pull gs://BUCKET/PREFIX --model NAME` (or `pull --export` to do both).\n\n" +
    "Example:\n  bqdeploy export my-project.zoomcamp.tip_model gs://newyork-taxi/tip_model",
  async run(ctx) {
    const ref = parseModelRef(ctx.positionals[0]!, ctx.settings.project, "MODEL");
    const format = ctx.options.format ?? "auto";
    if (typeof format !== "string" || !FORMATS.includes(format as ExportFormatChoice)) {
      throw new UsageError(`--format is auto, tf or xgboost (got ${JSON.stringify(format)})`, exportCommand);
    }
    const state = {};
    const result: ExportResult = await exportModel({
      ...ref,
      destination: ctx.positionals[1]!,
      format: format as ExportFormatChoice,
      signal: ctx.signal,
      logger: ctx.logger,
      onEvent: (event) => ctx.out.event(event, humanEvent(event, state)),
      ...(ctx.settings.location === undefined ? {} : { location: ctx.settings.location }),
      ...(ctx.settings.bigqueryEndpoint === undefined ? {} : { apiEndpoint: ctx.settings.bigqueryEndpoint }),
    });
    ctx.out.result(
      result,
      `Exported ${ref.project}:${ref.dataset}.${ref.model} to ${result.destination} (${result.format}, job ${result.jobId}, ${result.seconds.toFixed(1)} s)`,
    );
  },
});
