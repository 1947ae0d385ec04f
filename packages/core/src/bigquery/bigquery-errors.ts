import { BqdeployError, isBqdeployError } from "../errors/index.js";
import { isTransient } from "../storage/retry.js";

const PERMISSIONS =
  "bigquery.models.getMetadata and bigquery.models.export on the model, bigquery.jobs.create on the project (roles/bigquery.dataViewer + roles/bigquery.jobUser), and storage.objects.create on the destination bucket";

/**
 * Translates an SDK failure of a BigQuery call into a BqdeployError that says what to do. `what` names
 * the thing acted on ("model p:d.m", "job j"). Transient failures carry `details.transient`.
 */
export function translateBigQueryError(error: unknown, what: string): BqdeployError {
  if (isBqdeployError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status =
    typeof (error as { code?: unknown })?.code === "number" ? (error as { code: number }).code : undefined;
  const details: Record<string, unknown> = { target: what };
  if (status !== undefined) details.status = status;
  if (/Could not load the default credentials/i.test(message) || status === 401) {
    return new BqdeployError(
      "CREDENTIALS_MISSING",
      `Cannot reach ${what}: no valid Google Cloud credentials. Run \`gcloud auth application-default login\`, or set BIGQUERY_EMULATOR_HOST to use a local fake.`,
      { cause: error, details },
    );
  }
  if (status === 403) {
    return new BqdeployError(
      "PERMISSION_DENIED",
      `Permission denied on ${what}: ${message}. Your account needs ${PERMISSIONS}.`,
      { cause: error, details },
    );
  }
  if (status === 404 && /in location/i.test(message)) {
    return new BqdeployError(
      "LOCATION_MISMATCH",
      `${message}. Pass the dataset's location (--location, e.g. US or EU).`,
      { cause: error, details },
    );
  }
  if (status === 404) {
    return new BqdeployError(
      "NOT_FOUND",
      `${what} was not found (${message}). Check the project, dataset and model names (\`bq ls -m <dataset>\` lists models).`,
      { cause: error, details },
    );
  }
  const transient = status === undefined ? isTransient(error) : isTransient({ code: status });
  return new BqdeployError(
    transient ? "UNAVAILABLE" : "EXPORT_FAILED",
    `BigQuery failed on ${what}: ${message}`,
    {
      cause: error,
      details: { ...details, transient },
    },
  );
}

/** The error of an extract job that ended with an errorResult. */
export function jobFailure(jobId: string, errorResult: { reason?: string; message?: string }): BqdeployError {
  const text = errorResult.message ?? errorResult.reason ?? "unknown error";
  const details = { jobId, reason: errorResult.reason };
  if (/different locations|location/i.test(text)) {
    return new BqdeployError(
      "LOCATION_MISMATCH",
      `Export job ${jobId} failed: ${text}. The dataset and the bucket must be in the same location: export to a bucket in the dataset's location.`,
      { details },
    );
  }
  return new BqdeployError("EXPORT_FAILED", `Export job ${jobId} failed: ${text}`, { details });
}
