import { createRequire } from "node:module";
import type { BigQuery, BigQueryOptions } from "@google-cloud/bigquery";

// Loaded on first use: the SDK is slow to import and most commands never talk to BigQuery.
const requireSdk = createRequire(import.meta.url);

/** Whether requests carry Application Default Credentials. */
export type CredentialsMode = "application-default" | "none";

/** How to reach BigQuery. */
export interface BigQueryClientOptions {
  /**
   * Endpoint override, e.g. a fake's `http://127.0.0.1:9050` (the CLI passes BIGQUERY_EMULATOR_HOST here);
   * the client appends `/bigquery/v2`.
   */
  apiEndpoint?: string;
  projectId?: string;
  /** Default location of jobs (US, EU, europe-west1, ...). */
  location?: string;
  /**
   * "application-default" (ADC: `gcloud auth application-default login`) or "none". Default: "none" with
   * an endpoint override (as the Storage client does for emulators), else "application-default".
   */
  credentials?: CredentialsMode;
}

// Sends no credentials and skips the ADC lookup (which would probe the GCE metadata server).
const noCredentials = {
  getRequestHeaders: async () => new Headers(),
  getProjectId: async () => undefined,
};

/**
 * The official BigQuery client, built with bqdeploy's settings. bqdeploy polls and retries itself, so
 * the SDK's automatic retries are off.
 */
export function createBigQueryClient(options: BigQueryClientOptions = {}): BigQuery {
  const mode = options.credentials ?? (options.apiEndpoint ? "none" : "application-default");
  const sdk = requireSdk("@google-cloud/bigquery") as typeof import("@google-cloud/bigquery");
  return new sdk.BigQuery({
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
    ...(options.location ? { location: options.location } : {}),
    ...(mode === "none" ? { authClient: noCredentials as unknown as BigQueryOptions["authClient"] } : {}),
    retryOptions: { autoRetry: false },
  });
}
