import { resolve } from "node:path";
import { type PipelineEvent, type PullExportOptions, pull, type PullDone } from "@bqdeploy/core";
import { type CommandContext, defineCommand, UsageError } from "../cli/command.js";
import type { Output } from "../output/output.js";
import { formatBytes } from "../output/progress-bar.js";
import { parseModelRef } from "./bigquery-model-ref.js";
import { REPO_OPTION } from "./repository-option.js";

function positiveInt(text: unknown, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== "string" || !/^[0-9]+$/.test(text) || Number(text) < 1) {
    throw new UsageError(`${flag} wants a positive integer, got ${JSON.stringify(text)}`, pullCommand);
  }
  return Number(text);
}

/** Renders one pipeline event: JSON lines with --json, otherwise short lines and a progress bar. */
export function renderPipelineEvent(
  out: Output,
  event: PipelineEvent,
  state: { exportState?: string },
): void {
  if (event.type === "progress" && event.step === "download") {
    out.event(event);
    out.progress({
      label: "download",
      current: event.bytesDone,
      total: event.bytesTotal,
      unit: "bytes",
      rate: event.bytesPerSecond,
    });
  } else if (event.type === "progress") {
    const changed = state.exportState !== event.state;
    state.exportState = event.state;
    out.event(event, changed ? `export: job ${event.jobId} ${event.state}` : undefined);
  } else if (event.type === "step") {
    const human =
      event.status === "started"
        ? (event.message ?? `${event.step}...`)
        : event.status === "done"
          ? event.message
          : undefined;
    out.event(event, human);
  } else if (event.type === "log") {
    out.event(
      event,
      event.level === "warn" || event.level === "error" ? `${event.level}: ${event.message}` : event.message,
    );
  }
}

function doneLine(done: PullDone): string {
  const resumed = done.resumed ? `, resumed: ${done.skippedFiles} files were already there` : "";
  return `Installed ${done.model} version ${done.version} at ${done.path} (${done.files} files, ${formatBytes(done.bytes)}; downloaded ${formatBytes(done.downloadedBytes)}${resumed})`;
}

async function runPull(ctx: CommandContext): Promise<void> {
  const source = ctx.positionals[0]!;
  const model = ctx.options.model;
  if (typeof model !== "string")
    throw new UsageError("--model NAME is required (the model's folder in the repository)", pullCommand);
  const version = positiveInt(ctx.options.version, "--version");
  const concurrency = positiveInt(ctx.options.concurrency, "--concurrency");
  const exportSpec: PullExportOptions | undefined =
    typeof ctx.options.export === "string"
      ? parseModelRef(ctx.options.export, ctx.settings.project, "--export")
      : undefined;
  if (exportSpec && ctx.settings.location) exportSpec.location = ctx.settings.location;
  const state = {};
  let done: PullDone | undefined;
  for await (const event of pull({
    source,
    model,
    repo: resolve(ctx.io.cwd, ctx.settings.repo),
    signal: ctx.signal,
    logger: ctx.logger,
    ...(version === undefined ? {} : { version }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(exportSpec === undefined ? {} : { export: exportSpec }),
    ...(ctx.settings.storageEndpoint === undefined ? {} : { storageEndpoint: ctx.settings.storageEndpoint }),
    ...(ctx.settings.bigqueryEndpoint === undefined
      ? {}
      : { bigqueryEndpoint: ctx.settings.bigqueryEndpoint }),
    ...(ctx.settings.project === undefined ? {} : { projectId: ctx.settings.project }),
  })) {
    if (event.type === "done") done = event;
    else renderPipelineEvent(ctx.out, event, state);
  }
  ctx.out.result(done, () => doneLine(done!));
}

/** `bqdeploy pull gs://BUCKET/PREFIX --model NAME`: download an export and install it as the next version. */
export const pullCommand = defineCommand({
  name: "pull",
  summary: "Download a BigQuery ML export from Cloud Storage into the repository as the next version",
  positionals: [
    {
      name: "gs://BUCKET/PREFIX",
      description: "the export folder (the URI given to EXPORT MODEL)",
      required: true,
    },
  ],
  options: {
    model: { type: "string", value: "NAME", description: "model name in the repository (required)" },
    ...REPO_OPTION,
    version: { type: "string", value: "N", description: "install as version N (default: the next one)" },
    export: {
      type: "string",
      value: "DATASET.MODEL",
      description: "export this BigQuery ML model to the URI first",
    },
    project: { type: "string", value: "ID", description: "Google Cloud project (for --export)" },
    location: { type: "string", value: "LOC", description: "BigQuery location (for --export)" },
    concurrency: { type: "string", value: "N", description: "parallel downloads (default 8)" },
    "storage-endpoint": {
      type: "string",
      value: "URL",
      description: "Cloud Storage API base URL (a fake or emulator)",
    },
    "bigquery-endpoint": {
      type: "string",
      value: "URL",
      description: "BigQuery API base URL (a fake or emulator)",
    },
  },
  details:
    "An interrupted pull (Ctrl-C, crash) resumes where it stopped when run again: complete files are kept.\n" +
    "A version folder appears only once complete (one atomic rename), so a running server never loads half a model.\n\n" +
    "Examples:\n  bqdeploy pull gs://newyork-taxi/tip_model --model tip_model\n" +
    "  bqdeploy pull gs://newyork-taxi/tip_model --model tip_model --export zoomcamp.tip_model --project my-project\n" +
    "  bqdeploy pull gs://b/tip_model --model tip_model --json    # JSON lines of events, then the result",
  run: runPull,
});
