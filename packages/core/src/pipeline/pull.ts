import type { ExportEvent, ExportFormatChoice } from "../bigquery/index.js";
import { BqdeployError, isBqdeployError, toBqdeployError } from "../errors/index.js";
import { type Logger, silentLogger } from "../logging/index.js";
import { assertModelName, ModelRepository, type Staging } from "../repository/index.js";
import { type DownloadEvent, downloadExport, parseGcsUri, type RetryPolicy } from "../storage/index.js";
import { EventChannel } from "./event-channel.js";
import type { PipelineEvent, PullDone, PullStep } from "./events.js";
import { removeUnlisted } from "./remove-unlisted.js";

/** Export the model from BigQuery ML to `source` first (what `bq extract -m` does). */
export interface PullExportOptions {
  project: string;
  dataset: string;
  /** BigQuery model id (default: the repository model name). */
  model?: string;
  location?: string;
  format?: ExportFormatChoice;
  /** Makes the job id differ, to export the same model to the same place again. */
  nonce?: string;
  pollIntervalMs?: number;
}

/** Options of `pull`: fetch an export from Cloud Storage into the repository as a new version. */
export interface PullOptions {
  /** `gs://bucket/prefix` of a BigQuery ML export. */
  source: string;
  /** Model name in the repository (its folder). */
  model: string;
  /** The repository folder, or an open ModelRepository. */
  repo: string | ModelRepository;
  /** Install as this version (VERSION_EXISTS if taken); default the next one. */
  version?: number;
  /** Export from BigQuery ML to `source` before downloading. */
  export?: PullExportOptions;
  /** BigQuery endpoint override (a fake or emulator). */
  bigqueryEndpoint?: string;
  /** Cloud Storage endpoint override (a fake or emulator; no credentials are sent to it). */
  storageEndpoint?: string;
  projectId?: string;
  /** Parallel object downloads (default 8). */
  concurrency?: number;
  /** Retry policy of the downloads (attempts, back-off). */
  retry?: Partial<RetryPolicy>;
  /** Minimum milliseconds between progress events (default 200). */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * Pulls an export into the repository: stage (a folder named after source + model, so an interrupted
 * pull resumes there and skips complete files) -> download with CRC32C checks -> validate -> one atomic
 * rename to the next version. Yields typed events and ends with `done`; on failure it yields a `failed`
 * step event and then throws a BqdeployError. No numeric folder appears unless the version is complete;
 * the staging folder is kept for the next attempt. Stopping the iteration early cancels the pull.
 */
export async function* pull(options: PullOptions): AsyncGenerator<PipelineEvent, void, undefined> {
  const channel = new EventChannel<PipelineEvent>();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const work = runPull({ ...options, signal: controller.signal }, (event) => channel.push(event)).then(
    () => channel.end(),
    (error: unknown) => channel.fail(error),
  );
  try {
    yield* channel;
  } finally {
    controller.abort(new Error("pull stopped by its consumer"));
    options.signal?.removeEventListener("abort", onAbort);
    await work;
  }
}

/** Runs a pull to the end and returns its `done` event; `onEvent` sees every event. */
export async function pullToEnd(
  options: PullOptions,
  onEvent?: (event: PipelineEvent) => void,
): Promise<PullDone> {
  let done: PullDone | undefined;
  for await (const event of pull(options)) {
    onEvent?.(event);
    if (event.type === "done") done = event;
  }
  return done!;
}

async function runPull(options: PullOptions, emit: (event: PipelineEvent) => void): Promise<void> {
  const logger = forwardingLogger(options.logger ?? silentLogger, emit);
  assertModelName(options.model);
  parseGcsUri(options.source);
  const repository =
    typeof options.repo === "string" ? new ModelRepository(options.repo, { logger }) : options.repo;
  let step: PullStep = "export";
  let staging: Staging | undefined;
  let exportJobId: string | undefined;
  try {
    if (options.export) exportJobId = await runExport(options, options.export, logger, emit);
    step = "download";
    emit({ type: "step", step, status: "started", message: `Downloading ${options.source}` });
    staging = await repository.stage(options.model, { key: options.source });
    if (staging.resumed) logger.info(`Resuming an interrupted pull in ${staging.path}`);
    const manifest = await downloadExport({
      source: options.source,
      to: staging.path,
      signal: options.signal,
      logger,
      onEvent: (event) => forwardDownloadEvent(event, emit),
      ...(options.storageEndpoint === undefined ? {} : { apiEndpoint: options.storageEndpoint }),
      ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      ...(options.progressIntervalMs === undefined ? {} : { progressIntervalMs: options.progressIntervalMs }),
    });
    emit({ type: "step", step, status: "done" });

    step = "install";
    emit({ type: "step", step, status: "started" });
    const stray = await removeUnlisted(
      staging.path,
      manifest.files.map((f) => f.name),
    );
    if (stray.length) logger.debug("Removed files the export does not list", { files: stray });
    options.signal?.throwIfAborted();
    const installed = await repository.installVersion(options.model, staging, {
      sourceUri: options.source,
      files: manifest.files.map((f) => ({ path: f.name, size: f.size, crc32c: f.crc32c })),
      ...(options.version === undefined ? {} : { version: options.version }),
    });
    emit({ type: "step", step, status: "done", message: `Installed version ${installed.version}` });
    emit({
      type: "done",
      model: options.model,
      version: installed.version,
      path: installed.path,
      source: options.source,
      files: manifest.totalFiles,
      bytes: manifest.totalBytes,
      downloadedBytes: manifest.downloadedBytes,
      skippedFiles: manifest.skippedFiles,
      resumed: staging.resumed,
      ...(exportJobId === undefined ? {} : { exportJobId }),
    });
  } catch (error) {
    const failure = options.signal?.aborted
      ? new BqdeployError(
          "CANCELLED",
          `Pull of ${options.source} cancelled during ${step}. Run it again to resume.`,
          {
            cause: options.signal.reason,
          },
        )
      : isBqdeployError(error)
        ? error
        : toBqdeployError(error, "INTERNAL", `Pull failed during ${step}`);
    emit({ type: "step", step, status: "failed", message: failure.message });
    await staging?.release();
    throw failure;
  }
}

async function runExport(
  options: PullOptions,
  spec: PullExportOptions,
  logger: Logger,
  emit: (event: PipelineEvent) => void,
): Promise<string> {
  const bqModel = spec.model ?? options.model;
  emit({
    type: "step",
    step: "export",
    status: "started",
    message: `Exporting ${spec.project}:${spec.dataset}.${bqModel} to ${options.source}`,
  });
  // Loaded only when asked: the BigQuery client is heavy, and most pulls do not export.
  const { exportModel } = await import("../bigquery/index.js");
  const result = await exportModel({
    project: spec.project,
    dataset: spec.dataset,
    model: bqModel,
    destination: options.source,
    logger,
    onEvent: (event) => forwardExportEvent(event, emit),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.bigqueryEndpoint === undefined ? {} : { apiEndpoint: options.bigqueryEndpoint }),
    ...(spec.location === undefined ? {} : { location: spec.location }),
    ...(spec.format === undefined ? {} : { format: spec.format }),
    ...(spec.nonce === undefined ? {} : { nonce: spec.nonce }),
    ...(spec.pollIntervalMs === undefined ? {} : { pollIntervalMs: spec.pollIntervalMs }),
  });
  emit({
    type: "step",
    step: "export",
    status: "done",
    message: `Export job ${result.jobId} done (${result.format})`,
  });
  return result.jobId;
}

function forwardExportEvent(event: ExportEvent, emit: (event: PipelineEvent) => void): void {
  if (event.type === "export.progress") {
    emit({
      type: "progress",
      step: "export",
      jobId: event.jobId,
      state: event.state,
      elapsedMs: event.elapsedMs,
    });
  } else if (event.type === "export.checked") {
    emit({
      type: "log",
      level: "info",
      message: `${event.model} is a ${event.modelType} model: exporting as ${event.format}`,
    });
    for (const warning of event.warnings) emit({ type: "log", level: "warn", message: warning });
  } else if (event.type === "export.job-created") {
    const how = event.reused ? "Waiting for the existing" : "Created";
    emit({ type: "log", level: "info", message: `${how} extract job ${event.jobId}` });
  }
}

function forwardDownloadEvent(event: DownloadEvent, emit: (event: PipelineEvent) => void): void {
  if (event.type === "download.progress") {
    const { type: _type, ...rest } = event;
    emit({ type: "progress", step: "download", ...rest });
  } else if (event.type === "download.retry") {
    emit({
      type: "log",
      level: "warn",
      message: `Retrying ${event.name} (attempt ${event.attempt}): ${event.reason}`,
    });
  }
}

/** Passes log lines to the caller's logger and, from info up, into the event stream. */
function forwardingLogger(inner: Logger, emit: (event: PipelineEvent) => void): Logger {
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: Record<string, unknown>): void => {
      inner[level](message, fields);
      if (level !== "debug")
        emit(fields ? { type: "log", level, message, fields } : { type: "log", level, message });
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
