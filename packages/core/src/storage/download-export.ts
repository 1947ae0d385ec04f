import { setMaxListeners } from "node:events";
import { mkdir, realpath, rename, rm } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { BqdeployError, isBqdeployError } from "../errors/index.js";
import { silentLogger } from "../logging/index.js";
import type {
  DownloadEvent,
  DownloadExportOptions,
  DownloadManifest,
  ManifestEntry,
} from "./download-types.js";
import { fetchObject } from "./fetch-object.js";
import { parseGcsUri } from "./gcs-uri.js";
import { listExportObjects } from "./list-export.js";
import { mediaEndpoint } from "./media-endpoint.js";
import { type PlannedFile, planFiles } from "./plan-files.js";
import { alreadyComplete } from "./resume.js";
import { cancelled, DEFAULT_RETRY, type RetryPolicy, withRetries } from "./retry.js";
import { createStorageClient } from "./storage-client.js";

/**
 * Downloads every object of an export (`gs://bucket/prefix`) into `to`, keeping the folder layout.
 * Lists all pages, downloads with bounded concurrency, checks every object's CRC32C, retries transient
 * failures with exponential back-off and jitter, skips files already complete on disk (resume), writes
 * `<name>.part` and renames it only once verified, and refuses unsafe object names before writing
 * anything. Returns the manifest the repository stores with the version.
 */
export async function downloadExport(options: DownloadExportOptions): Promise<DownloadManifest> {
  const started = performance.now();
  const logger = options.logger ?? silentLogger;
  const emit = (event: DownloadEvent): void => options.onEvent?.(event);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
  const location = parseGcsUri(options.source);
  const root = resolve(options.to);
  const storage = createStorageClient({
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...(options.projectId ? { projectId: options.projectId } : {}),
  });
  options.signal?.throwIfAborted();

  const listed = await listExportObjects(storage, location, policy, options.signal, (delayMs, error) =>
    logger.debug("retrying listing", { delayMs, error: String(error) }),
  );
  const plan = planFiles(listed, location.prefix, root);
  if (plan.length === 0) {
    throw new BqdeployError(
      "NOT_FOUND",
      `No files under ${options.source}. Check the path, and that the export job finished (bqdeploy export).`,
      { details: { source: options.source } },
    );
  }
  const totalBytes = plan.reduce((sum, f) => sum + f.object.size, 0);
  emit({ type: "download.listed", source: options.source, files: plan.length, bytes: totalBytes });
  if (options.signal?.aborted) throw cancelled(options.signal);
  await mkdir(root, { recursive: true });

  const controller = new AbortController();
  // Every in-flight request and file stream listens to this one signal.
  setMaxListeners(0, controller.signal);
  const onOuterAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) onOuterAbort();
  const { Agent } = await import("../client/undici.js");
  const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 10_000 });
  const endpoint = mediaEndpoint(storage, dispatcher, options.apiEndpoint !== undefined);

  const entries: ManifestEntry[] = [];
  let filesDone = 0;
  let bytesDone = 0;
  let downloadedBytes = 0;
  let skippedFiles = 0;
  let lastProgress = 0;
  const interval = options.progressIntervalMs ?? 200;
  const progress = (force: boolean): void => {
    const now = performance.now();
    if (!force && now - lastProgress < interval) return;
    lastProgress = now;
    const seconds = (now - started) / 1000;
    emit({
      type: "download.progress",
      filesDone,
      filesTotal: plan.length,
      bytesDone,
      bytesTotal: totalBytes,
      bytesPerSecond: seconds > 0 ? downloadedBytes / seconds : 0,
    });
  };

  // Folders are made once each, and checked to really be inside the target (no symlink out of it).
  const realRoot = await realpath(root);
  const folders = new Map<string, Promise<unknown>>();
  const ensureFolder = (folder: string): Promise<unknown> => {
    let made = folders.get(folder);
    if (!made) {
      made = mkdir(folder, { recursive: true }).then(async () => {
        const real = await realpath(folder);
        if (real !== realRoot && !real.startsWith(realRoot + sep)) {
          throw new BqdeployError(
            "UNSAFE_OBJECT_NAME",
            `Refusing to write into ${folder}: it leads outside ${root} (a symbolic link?). Remove it and try again.`,
            { details: { folder } },
          );
        }
      });
      folders.set(folder, made);
    }
    return made;
  };

  const downloadOne = async (file: PlannedFile): Promise<void> => {
    const { object, relative, path } = file;
    await ensureFolder(dirname(path));
    let crc32c = await alreadyComplete(path, object);
    const skipped = crc32c !== undefined;
    if (crc32c === undefined) {
      const part = `${path}.part`;
      // Unlink first: a planted symbolic link named like the part file is never followed.
      await rm(part, { force: true });
      try {
        crc32c = await withRetries(
          () =>
            fetchObject(endpoint, location.bucket, object, part, controller.signal, (n) => {
              bytesDone += n;
              downloadedBytes += n;
              progress(false);
            }),
          policy,
          controller.signal,
          (attempt, delayMs, error) => {
            const reason = error instanceof Error ? error.message : String(error);
            logger.debug("retrying download", { object: object.name, attempt, delayMs, reason });
            emit({ type: "download.retry", name: relative, attempt, delayMs, reason });
          },
        );
      } catch (error) {
        await rm(part, { force: true });
        throw error;
      }
      await rename(part, path);
    } else {
      skippedFiles++;
      bytesDone += object.size;
    }
    const entry: ManifestEntry = { name: relative, size: object.size, crc32c: crc32c! };
    if (object.md5Hash) entry.md5 = object.md5Hash;
    entries.push(entry);
    filesDone++;
    emit({ type: "download.file-done", name: relative, size: object.size, skipped });
    progress(true);
  };

  // Largest first, so that no big file starts last and runs alone at the end.
  const queue = [...plan].sort((a, b) => b.object.size - a.object.size);
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < queue.length) {
      const file = queue[next++]!;
      try {
        await downloadOne(file);
      } catch (error) {
        failure ??= error;
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, plan.length) }, worker));
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    await dispatcher.close().catch(() => {});
  }
  if (failure !== undefined) {
    if (options.signal?.aborted) throw cancelled(options.signal);
    throw isBqdeployError(failure)
      ? failure
      : new BqdeployError("DOWNLOAD_FAILED", String(failure), { cause: failure });
  }

  const seconds = (performance.now() - started) / 1000;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const bytesPerSecond = seconds > 0 ? downloadedBytes / seconds : 0;
  emit({
    type: "download.done",
    files: entries.length,
    bytes: totalBytes,
    skippedFiles,
    seconds,
    bytesPerSecond,
  });
  logger.info("download finished", {
    source: options.source,
    files: entries.length,
    bytes: totalBytes,
    skippedFiles,
  });
  return {
    source: options.source,
    files: entries,
    totalFiles: entries.length,
    totalBytes,
    skippedFiles,
    downloadedBytes,
    seconds,
  };
}
