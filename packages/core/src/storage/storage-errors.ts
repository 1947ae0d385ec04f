import { BqdeployError, isBqdeployError } from "../errors/index.js";
import { isTransient } from "./retry.js";

/** What was being done, for the message: "list gs://b/p/" or "download gs://b/p/x". */
export type StorageAction = { verb: "list" | "download"; uri: string };

/**
 * Translates an SDK or HTTP failure into a BqdeployError that says what to do. Transient failures
 * (429, 5xx, resets) are marked `details.transient` so the retry loop tries again.
 */
export function translateStorageError(error: unknown, action: StorageAction, status?: number): BqdeployError {
  if (isBqdeployError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code =
    status ??
    (typeof (error as { code?: unknown })?.code === "number" ? (error as { code: number }).code : undefined);
  const details: Record<string, unknown> = { uri: action.uri };
  if (code !== undefined) details.status = code;
  const permission = action.verb === "list" ? "storage.objects.list" : "storage.objects.get";
  if (/Could not load the default credentials/i.test(message) || code === 401) {
    return new BqdeployError(
      "CREDENTIALS_MISSING",
      `Cannot ${action.verb} ${action.uri}: no Google Cloud credentials. Run \`gcloud auth application-default login\`, or set STORAGE_EMULATOR_HOST to use a local fake.`,
      { cause: error, details },
    );
  }
  if (code === 403) {
    return new BqdeployError(
      "PERMISSION_DENIED",
      `Cannot ${action.verb} ${action.uri}: permission denied. Grant your account ${permission} on the bucket (e.g. roles/storage.objectViewer).`,
      { cause: error, details },
    );
  }
  if (code === 404) {
    return new BqdeployError(
      "NOT_FOUND",
      `Cannot ${action.verb} ${action.uri}: it does not exist. Check the bucket name and the export path.`,
      { cause: error, details },
    );
  }
  const transient = code === undefined ? isTransient(error) : isTransient({ code });
  return new BqdeployError("DOWNLOAD_FAILED", `Cannot ${action.verb} ${action.uri}: ${message}`, {
    cause: error,
    details: { ...details, transient },
  });
}
