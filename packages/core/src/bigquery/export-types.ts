import type { Logger } from "../logging/index.js";
import type { CredentialsMode } from "./bigquery-client.js";
import type { DestinationFormat, ExportFormatChoice } from "./exportability.js";

/** Options of exportModel. */
export interface ExportModelOptions {
  project: string;
  /** Job location (the dataset's); defaults to what models.get reports, else the client's default. */
  location?: string;
  dataset: string;
  model: string;
  /** `gs://bucket/prefix` (the export folder). */
  destination: string;
  format?: ExportFormatChoice;
  /** An explicit job id; by default one derived from the inputs and `nonce` (idempotent). */
  jobId?: string;
  /** Makes the derived job id differ, to export the same model to the same place again. */
  nonce?: string;
  /** BigQuery endpoint override (BIGQUERY_EMULATOR_HOST). */
  apiEndpoint?: string;
  /** Default: "none" with apiEndpoint, else Application Default Credentials. */
  credentials?: CredentialsMode;
  /** Milliseconds between two jobs.get polls (default 1000). */
  pollIntervalMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
  onEvent?: (event: ExportEvent) => void;
}

/** Progress of exportModel, in order: checked, job-created, progress..., done. */
export type ExportEvent =
  | {
      type: "export.checked";
      model: string;
      modelType: string;
      format: DestinationFormat;
      warnings: string[];
    }
  | { type: "export.job-created"; jobId: string; location?: string; reused: boolean }
  | { type: "export.progress"; jobId: string; state: string; elapsedMs: number }
  | { type: "export.done"; jobId: string; destination: string; format: DestinationFormat; seconds: number };

/** What exportModel returns once the job is DONE without error. */
export interface ExportResult {
  jobId: string;
  /** True when the job already existed (409) and was waited for rather than created. */
  reused: boolean;
  destination: string;
  format: DestinationFormat;
  modelType: string;
  location?: string;
  warnings: string[];
  seconds: number;
}
