import type { Logger } from "../logging/index.js";
import type { RetryPolicy } from "./retry.js";

/** One downloaded file, as the repository stores it in a version's metadata. */
export interface ManifestEntry {
  /** Path relative to the download folder, with "/" separators. */
  name: string;
  size: number;
  /** base64 big-endian CRC32C (GCS's own notation). */
  crc32c: string;
  md5?: string;
}

/** What downloadExport returns. */
export interface DownloadManifest {
  source: string;
  files: ManifestEntry[];
  totalFiles: number;
  totalBytes: number;
  /** Files found complete on disk and not downloaded again. */
  skippedFiles: number;
  /** Bytes actually transferred. */
  downloadedBytes: number;
  seconds: number;
}

/** Progress of downloadExport, in order: listed, then progress / file-done / retry, then done. */
export type DownloadEvent =
  | { type: "download.listed"; source: string; files: number; bytes: number }
  | {
      type: "download.progress";
      filesDone: number;
      filesTotal: number;
      bytesDone: number;
      bytesTotal: number;
      bytesPerSecond: number;
    }
  | { type: "download.file-done"; name: string; size: number; skipped: boolean }
  | { type: "download.retry"; name: string; attempt: number; delayMs: number; reason: string }
  | {
      type: "download.done";
      files: number;
      bytes: number;
      skippedFiles: number;
      seconds: number;
      bytesPerSecond: number;
    };

/** Options of downloadExport. */
export interface DownloadExportOptions {
  /** `gs://bucket/prefix` of the export. */
  source: string;
  /** Staging folder (created if missing). Nothing is written outside it. */
  to: string;
  /** Parallel object downloads (default 8). */
  concurrency?: number;
  /** Cloud Storage endpoint override (e.g. STORAGE_EMULATOR_HOST); no credentials are sent to it. */
  apiEndpoint?: string;
  projectId?: string;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  logger?: Logger;
  onEvent?: (event: DownloadEvent) => void;
  /** Minimum milliseconds between two `download.progress` events (default 200). */
  progressIntervalMs?: number;
}
