export { downloadExport } from "./download-export.js";
export type {
  DownloadEvent,
  DownloadExportOptions,
  DownloadManifest,
  ManifestEntry,
} from "./download-types.js";
export { type GcsLocation, parseGcsUri } from "./gcs-uri.js";
export { safeRelativePath } from "./safe-relative-path.js";
export { createStorageClient, type StorageClientOptions } from "./storage-client.js";
export type { RetryPolicy } from "./retry.js";
