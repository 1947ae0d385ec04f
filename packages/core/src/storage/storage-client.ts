import { createRequire } from "node:module";
import type { Storage } from "@google-cloud/storage";

// Loaded on first use: the SDK takes a noticeable part of a second to import, and most commands never
// touch Cloud Storage.
const requireSdk = createRequire(import.meta.url);

/** How to reach Cloud Storage. */
export interface StorageClientOptions {
  /**
   * Endpoint override, e.g. a fake's `http://127.0.0.1:4443` (the CLI passes STORAGE_EMULATOR_HOST here).
   * With an override no credentials are sent, as with the SDK's emulator support.
   */
  apiEndpoint?: string;
  projectId?: string;
}

/**
 * The official Cloud Storage client, built with bqdeploy's settings. Retries are bqdeploy's own
 * (see retry.ts), so the SDK's are switched off to avoid multiplying attempts and delays.
 */
export function createStorageClient(options: StorageClientOptions = {}): Storage {
  const sdk = requireSdk("@google-cloud/storage") as typeof import("@google-cloud/storage");
  return new sdk.Storage({
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
    retryOptions: { autoRetry: false },
  });
}
