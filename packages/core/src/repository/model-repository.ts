import { mkdir, readdir, readFile, rename } from "node:fs/promises";
import { BqdeployError } from "../errors/index.js";
import { type Logger, silentLogger } from "../logging/index.js";
import { copyFolder } from "./copy-folder.js";
import { syncFolder, writeFileAtomic } from "./durable-write.js";
import { RepositoryLayout, stagingId } from "./layout.js";
import { acquireLock, type HeldLock } from "./lock-file.js";
import { buildManifest, type VersionFile, verifyManifest } from "./manifest.js";
import { describeVersionFolder, isFolder, readModelFolder } from "./model-folder.js";
import { requireModelFiles } from "./model-files.js";
import { formatModelsConfig, type ModelsConfig, parseModelsConfig } from "./models-config.js";
import { assertLabelName, assertModelName, assertVersion, nextVersion } from "./names.js";
import { planModelConfig } from "./serving-policy.js";
import {
  cleanStagingFolders,
  openStagingFolder,
  removeFolder,
  type Staging,
  stagingHandle,
} from "./staging.js";
import { type VersionMetadata, writeVersionMetadata } from "./version-metadata.js";
import { retireLatest, type RollbackResult, selectPrunable } from "./lifecycle.js";

export interface ModelRepositoryOptions {
  logger?: Logger;
  /** How long a mutation waits for another process's repository lock (default 5000 ms). */
  lockWaitMs?: number;
  /** Staging folders untouched for this long and not held by a live process are removed (default 60 min). */
  staleStagingMs?: number;
  /** Base path written for new models in models.config (default "/models", as the Docker image mounts it). */
  configBasePath?: string;
}

/** A model folder of the repository. */
export interface ModelInfo {
  name: string;
  path: string;
  /** Numeric versions, ascending. */
  versions: number[];
  latest?: number;
  labels: Record<string, number>;
}

/** One installed version. `metadata` is undefined for a numeric folder holding no recognisable model. */
export interface VersionInfo {
  model: string;
  version: number;
  path: string;
  labels: string[];
  metadata?: VersionMetadata;
}

/** What the caller knows about an export being installed. */
export interface InstallOptions {
  /** Install as this version (VERSION_EXISTS if taken); default the next one. */
  version?: number;
  sourceUri?: string;
  exportedAt?: string;
  /** The files the export must contain (sizes, and CRC32C when known), e.g. from the bucket listing. */
  files?: VersionFile[];
}

export interface PruneResult {
  removed: number[];
  kept: number[];
}

/**
 * The model repository on disk in TF Serving's layout `<root>/<model>/<version>/`. A version appears
 * only by one atomic rename of a complete, validated staging folder, so a server polling the folder
 * never sees half a version. Labels and version policies live in `<root>/models.config`.
 */
export class ModelRepository {
  readonly layout: RepositoryLayout;
  readonly root: string;
  private readonly logger: Logger;
  private readonly lockWaitMs: number;
  private readonly staleStagingMs: number;
  private readonly configBasePath: string;

  constructor(root: string, options: ModelRepositoryOptions = {}) {
    this.layout = new RepositoryLayout(root);
    this.root = this.layout.root;
    this.logger = options.logger ?? silentLogger;
    this.lockWaitMs = options.lockWaitMs ?? 5000;
    this.staleStagingMs = options.staleStagingMs ?? 60 * 60_000;
    this.configBasePath = options.configBasePath ?? "/models";
  }

  /** Every model folder (valid name, a directory), sorted by name. */
  async models(): Promise<ModelInfo[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const config = await this.readModelsConfig();
    const out: ModelInfo[] = [];
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      if (!isModelName(entry.name)) continue;
      const { versions } = await readModelFolder(this.layout.modelDir(entry.name));
      const labels = config.models.find((m) => m.name === entry.name)?.versionLabels ?? {};
      const info: ModelInfo = { name: entry.name, path: this.layout.modelDir(entry.name), versions, labels };
      if (versions.length) info.latest = Math.max(...versions);
      out.push(info);
    }
    return out;
  }

  /** The installed versions of a model, ascending, with metadata and labels. */
  async versions(model: string): Promise<VersionInfo[]> {
    const { versions } = await readModelFolder(this.layout.modelDir(model));
    const labels = await this.labels(model);
    const out: VersionInfo[] = [];
    for (const version of versions) {
      const path = this.layout.versionDir(model, version);
      const info: VersionInfo = { model, version, path, labels: labelsOf(labels, version) };
      const metadata = await describeVersionFolder(path);
      if (metadata) info.metadata = metadata;
      out.push(info);
    }
    return out;
  }

  /**
   * Creates (or, with the same `key`, reopens) a staging folder `<model>/.staging-<id>/` and locks it
   * for this process. A key such as the gs:// source makes an interrupted pull resume in the same place.
   * Throws REPOSITORY_LOCKED when a live process already holds that staging folder.
   */
  async stage(model: string, options: { key?: string } = {}): Promise<Staging> {
    const id = stagingId(assertModelName(model), options.key);
    await cleanStagingFolders(this.layout.modelDir(model), this.staleStagingMs).catch((err: unknown) =>
      this.logger.warn("Could not clean stale staging folders", { model, error: String(err) }),
    );
    const path = this.layout.stagingDir(model, id);
    await mkdir(this.layout.modelDir(model), { recursive: true });
    const lock = await acquireLock(this.layout.stagingLock(model, id), {
      purpose: `stage ${model} in ${path}`,
    });
    try {
      const resumed = await openStagingFolder(path);
      this.logger.debug(resumed ? "Resuming staging folder" : "Created staging folder", { model, path });
      return stagingHandle(model, id, path, resumed, lock);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /**
   * Validates a staging folder (saved_model.pb or model.bst present; every listed file present with
   * its size and CRC32C), records the sidecar, then renames it to the next version in one step.
   * Throws VERSION_EXISTS when the requested version is taken, VERSION_INCOMPLETE or
   * DOWNLOAD_CHECKSUM_MISMATCH for a bad export (the staging folder is kept), REPOSITORY_LOCKED.
   */
  async installVersion(model: string, staging: Staging, options: InstallOptions = {}): Promise<VersionInfo> {
    assertModelName(model);
    if (staging.model !== model) {
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        `Staging folder ${staging.path} belongs to ${staging.model}, not ${model}.`,
      );
    }
    if (options.files) await verifyManifest(staging.path, options.files);
    const kind = await requireModelFiles(staging.path);
    const files = await buildManifest(staging.path);
    const metadata: VersionMetadata = {
      ...(options.sourceUri === undefined ? {} : { sourceUri: options.sourceUri }),
      ...(options.exportedAt === undefined ? {} : { exportedAt: options.exportedAt }),
      installedAt: new Date().toISOString(),
      ...kind,
      sizeBytes: files.reduce((sum, f) => sum + f.size, 0),
      fileCount: files.length,
      files,
    };
    await writeVersionMetadata(staging.path, metadata);
    const version = await this.withLock(
      `install a version of ${model}`,
      async () => {
        const contents = await readModelFolder(this.layout.modelDir(model));
        const target =
          options.version === undefined
            ? nextVersion([...contents.versions, ...contents.retired.map((r) => r.version)])
            : assertVersion(options.version);
        if (contents.versions.includes(target)) throw versionExists(model, target);
        try {
          await rename(staging.path, this.layout.versionDir(model, target));
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === "ENOTEMPTY" || code === "EEXIST") throw versionExists(model, target);
          throw err;
        }
        await syncFolder(this.layout.modelDir(model));
        await this.writeModelsConfigLocked();
        return target;
      },
      true,
    );
    await staging.release();
    this.logger.info("Installed a new version", {
      model,
      version,
      files: metadata.fileCount,
      bytes: metadata.sizeBytes,
    });
    return { model, version, path: this.layout.versionDir(model, version), labels: [], metadata };
  }

  /** Copies a local export folder in as the next version (same staging + validation + rename path). */
  async installFromFolder(model: string, dir: string, options: InstallOptions = {}): Promise<VersionInfo> {
    if (!(await isFolder(dir)))
      throw new BqdeployError(
        "NOT_FOUND",
        `${dir} is not a folder: give the folder that holds saved_model.pb or model.bst.`,
      );
    await requireModelFiles(dir);
    const staging = await this.stage(model);
    try {
      await copyFolder(dir, staging.path, this.logger);
      return await this.installVersion(model, staging, { sourceUri: dir, ...options });
    } catch (err) {
      await removeFolder(staging.path, this.layout.trashDir(model, staging.id)).catch(() => {});
      await staging.release();
      throw err;
    }
  }

  /** The labels of a model (label -> version), from models.config. */
  async labels(model: string): Promise<Record<string, number>> {
    assertModelName(model);
    const config = await this.readModelsConfig();
    return { ...(config.models.find((m) => m.name === model)?.versionLabels ?? {}) };
  }

  /** Points `label` (e.g. stable, canary) at an installed version and rewrites models.config. */
  async setLabel(model: string, label: string, version: number): Promise<void> {
    assertLabelName(label);
    assertVersion(version);
    await this.withLock(`label ${model}`, async () => {
      const { versions } = await readModelFolder(this.layout.modelDir(model));
      if (!versions.includes(version)) {
        throw new BqdeployError(
          "NOT_FOUND",
          `${model} has no version ${version} (it has ${versions.join(", ") || "none"}).`,
        );
      }
      await this.writeModelsConfigLocked((labels) => {
        labels[label] = version;
      }, model);
    });
  }

  /** Removes a label; true when it existed. */
  async removeLabel(model: string, label: string): Promise<boolean> {
    assertLabelName(label);
    let existed = false;
    await this.withLock(`unlabel ${model}`, () =>
      this.writeModelsConfigLocked((labels) => {
        existed = label in labels;
        delete labels[label];
      }, model),
    );
    return existed;
  }

  /**
   * Takes the newest version out of serving: it is renamed to `.retired-<v>-<time>` (TF Serving unloads
   * it on its next poll, so un-labelled requests go to the previous version), and labels that pointed at
   * it move to the previous version. Throws FAILED_PRECONDITION when there is no earlier version.
   */
  async rollback(model: string): Promise<RollbackResult> {
    return this.withLock(`roll back ${model}`, async () => {
      const result = await retireLatest(this.layout, model);
      await this.writeModelsConfigLocked((labels) => {
        for (const [label, v] of Object.entries(labels)) if (v === result.from) labels[label] = result.to;
      }, model);
      this.logger.info("Rolled back", { ...result });
      return result;
    });
  }

  /**
   * Deletes all but the newest `keep` versions, never a labelled one; retired versions are deleted too.
   * Each folder is renamed away before deletion, so no numeric folder is ever half deleted.
   */
  async prune(model: string, options: { keep: number }): Promise<PruneResult> {
    if (!Number.isSafeInteger(options.keep) || options.keep < 1) {
      throw new BqdeployError("INVALID_ARGUMENT", `--keep must be a positive integer (got ${options.keep}).`);
    }
    return this.withLock(`prune ${model}`, async () => {
      const contents = await readModelFolder(this.layout.modelDir(model));
      const labels = await this.labels(model);
      const { removed, kept } = selectPrunable(contents.versions, Object.values(labels), options.keep);
      for (const v of removed)
        await removeFolder(this.layout.versionDir(model, v), this.layout.trashDir(model, String(v)));
      for (const r of contents.retired)
        await removeFolder(`${this.layout.modelDir(model)}/${r.name}`, this.layout.trashDir(model, r.name));
      await this.writeModelsConfigLocked();
      return { removed, kept };
    });
  }

  /** Removes stale staging folders (older than `olderThanMs`, not held by a live pull). */
  async cleanStaging(model: string, olderThanMs = this.staleStagingMs): Promise<string[]> {
    return cleanStagingFolders(this.layout.modelDir(model), olderThanMs);
  }

  /** Reads `<root>/models.config`; an absent file is an empty config. Throws INVALID_CONFIG. */
  async readModelsConfig(): Promise<ModelsConfig> {
    const text = await readFile(this.layout.modelsConfig, "utf8").catch(() => undefined);
    return text === undefined ? { models: [] } : parseModelsConfig(text);
  }

  /** Rewrites `<root>/models.config` from the folders on disk (write a temporary file, then rename). */
  async writeModelsConfig(): Promise<string> {
    await this.withLock("write models.config", () => this.writeModelsConfigLocked());
    return this.layout.modelsConfig;
  }

  private async writeModelsConfigLocked(
    edit?: (labels: Record<string, number>) => void,
    model?: string,
  ): Promise<void> {
    const previous = await this.readModelsConfig();
    // A model without versions yet (its first pull is staging) is left out: TF Serving would only warn.
    const models = (await this.models()).filter((info) => info.versions.length > 0);
    const entries = models.map((info) => {
      const before = previous.models.find((m) => m.name === info.name);
      const labels = { ...(before?.versionLabels ?? {}) };
      if (edit && info.name === model) edit(labels);
      const base = before ?? planModelConfig(info.name, [], undefined, this.configBasePath);
      return planModelConfig(
        info.name,
        info.versions,
        { ...base, versionLabels: labels },
        this.configBasePath,
      );
    });
    await writeFileAtomic(this.layout.modelsConfig, formatModelsConfig({ models: entries }));
  }

  private async withLock<T>(purpose: string, run: () => Promise<T>, create = false): Promise<T> {
    if (create) await mkdir(this.root, { recursive: true });
    else if (!(await isFolder(this.root))) {
      throw new BqdeployError(
        "NOT_FOUND",
        `No model repository at ${this.root}: check --repo (or BQDEPLOY_REPO), or add a model with \`bqdeploy pull\`.`,
        { details: { repo: this.root } },
      );
    }
    const lock: HeldLock = await acquireLock(this.layout.lockFile, { purpose, waitMs: this.lockWaitMs });
    try {
      return await run();
    } finally {
      await lock.release();
    }
  }
}

function isModelName(name: string): boolean {
  try {
    assertModelName(name);
    return true;
  } catch {
    return false;
  }
}

function labelsOf(labels: Record<string, number>, version: number): string[] {
  return Object.entries(labels)
    .filter(([, v]) => v === version)
    .map(([label]) => label)
    .sort();
}

function versionExists(model: string, version: number): BqdeployError {
  return new BqdeployError(
    "VERSION_EXISTS",
    `${model} already has version ${version}. Omit the version to install as the next one, or prune it first.`,
    { details: { model, version } },
  );
}
