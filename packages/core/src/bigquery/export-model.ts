import { setTimeout as sleep } from "node:timers/promises";
import type { BigQuery, Job } from "@google-cloud/bigquery";
import { BqdeployError, isBqdeployError } from "../errors/index.js";
import { silentLogger } from "../logging/index.js";
import { parseGcsUri } from "../storage/gcs-uri.js";
import { cancelled, DEFAULT_RETRY, withRetries } from "../storage/retry.js";
import { createBigQueryClient } from "./bigquery-client.js";
import { jobFailure, translateBigQueryError } from "./bigquery-errors.js";
import { type BigQueryModelMetadata, planExport } from "./exportability.js";
import type { ExportEvent, ExportModelOptions, ExportResult } from "./export-types.js";
import { exportJobId } from "./job-id.js";

interface JobStatus {
  state?: string;
  errorResult?: { reason?: string; message?: string };
}

/**
 * Exports a BigQuery ML model to Cloud Storage (what `bq extract -m` does): checks the model with
 * models.get (type -> format; refuses what cannot be served), creates an extract job with an
 * idempotent id (a 409 means it exists: it is waited for), polls it to DONE with progress events, and
 * turns failures into BqdeployErrors (CREDENTIALS_MISSING, PERMISSION_DENIED, NOT_FOUND,
 * LOCATION_MISMATCH, MODEL_NOT_EXPORTABLE, EXPORT_FAILED).
 */
export async function exportModel(options: ExportModelOptions): Promise<ExportResult> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const emit = (event: ExportEvent): void => options.onEvent?.(event);
  const name = `${options.project}:${options.dataset}.${options.model}`;
  parseGcsUri(options.destination);
  const destination = options.destination.replace(/\/+$/, "");
  const client = createBigQueryClient({
    projectId: options.project,
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.location ? { location: options.location } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  const retry = { ...DEFAULT_RETRY, attempts: 4 };
  const call = <T>(what: string, fn: () => Promise<T>): Promise<T> =>
    withRetries(
      () => fn().catch((error: unknown) => Promise.reject(translateBigQueryError(error, what))),
      retry,
      options.signal,
      (attempt, delayMs, error) =>
        logger.debug("retrying BigQuery call", { what, attempt, delayMs, error: String(error) }),
    );

  const [metadata] = await call(`model ${name}`, () =>
    client.dataset(options.dataset).model(options.model).getMetadata(),
  );
  const model = metadata as BigQueryModelMetadata;
  const plan = planExport(model, name, options.format ?? "auto");
  if (options.location && model.location && options.location.toUpperCase() !== model.location.toUpperCase()) {
    throw new BqdeployError(
      "LOCATION_MISMATCH",
      `Model ${name} is in ${model.location}, not ${options.location}: pass --location ${model.location}.`,
      { details: { model: name, location: model.location } },
    );
  }
  for (const warning of plan.warnings) logger.warn(warning);
  emit({
    type: "export.checked",
    model: name,
    modelType: plan.modelType,
    format: plan.format,
    warnings: plan.warnings,
  });

  const location = options.location ?? model.location;
  const jobId =
    options.jobId ??
    exportJobId({
      project: options.project,
      dataset: options.dataset,
      model: options.model,
      destination,
      format: plan.format,
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
  const { job, reused } = await createOrFindJob(client, call, {
    jobId,
    ...(location ? { location } : {}),
    configuration: {
      extract: {
        sourceModel: { projectId: options.project, datasetId: options.dataset, modelId: options.model },
        destinationUris: [destination],
        destinationFormat: plan.format,
      },
    },
  });
  if (reused) logger.info("export job already exists; waiting for it", { jobId });
  emit({ type: "export.job-created", jobId, reused, ...(location ? { location } : {}) });

  const interval = options.pollIntervalMs ?? 1000;
  for (;;) {
    const [jobMetadata] = await call(`job ${jobId}`, () => job.getMetadata());
    const status = (jobMetadata as { status?: JobStatus }).status ?? {};
    const state = status.state ?? "PENDING";
    emit({ type: "export.progress", jobId, state, elapsedMs: Math.round(performance.now() - started) });
    if (state === "DONE") {
      if (status.errorResult) throw jobFailure(jobId, status.errorResult);
      break;
    }
    await sleep(interval, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {
      throw cancelled(options.signal!);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  emit({ type: "export.done", jobId, destination, format: plan.format, seconds });
  logger.info("export finished", { model: name, destination, jobId });
  return {
    jobId,
    reused,
    destination,
    format: plan.format,
    modelType: plan.modelType,
    ...(location ? { location } : {}),
    warnings: plan.warnings,
    seconds,
  };
}

async function createOrFindJob(
  client: BigQuery,
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
  request: { jobId: string; location?: string; configuration: Record<string, unknown> },
): Promise<{ job: Job; reused: boolean }> {
  try {
    const [job] = await call(`export job ${request.jobId}`, () => client.createJob(request));
    return { job, reused: false };
  } catch (error) {
    if (isBqdeployError(error) && error.details.status === 409) {
      const options = request.location ? { location: request.location } : {};
      return { job: client.job(request.jobId, options), reused: true };
    }
    throw error;
  }
}
