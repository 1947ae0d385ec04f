import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { isBqdeployError } from "../../errors/index.js";
import { type Logger, silentLogger } from "../../logging/index.js";
import type { Servable, ServableSource, VersionStatus } from "../../protocol/index.js";
import { parseModelsConfig } from "../../repository/index.js";
import { aspiredVersions, type ServingVersionPolicy, versionsToUnload } from "./aspired-versions.js";

/** Loads one version folder into something that computes. */
export type VersionLoader = (dir: string, signal?: AbortSignal) => Promise<Servable>;

interface ModelSpec {
  name: string;
  basePath: string;
  policy?: ServingVersionPolicy;
  labels: Record<string, number>;
}

interface TrackedVersion {
  status: VersionStatus;
  servable?: Servable;
}

export interface RepositorySourceOptions {
  /** The repository root `<repo>/<model>/<version>/`. */
  repo: string;
  load: VersionLoader;
  logger?: Logger;
  /** Serve only these models (default: every model folder, or those models.config lists). */
  models?: string[];
  /** Per-model overrides of models.config: a version policy and labels (e.g. a pinned version). */
  overrides?: Record<string, { policy?: ServingVersionPolicy; labels?: Record<string, number> }>;
}

const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const VERSION_NAME = /^\d+$/;

/**
 * A ServableSource over a model repository on disk, as tensorflow/serving watches its base paths:
 * numeric version folders only, a version policy (latest 1 by default, or models.config's), labels
 * from models.config, states START -> LOADING -> AVAILABLE (or END with the load error), and
 * availability-preserving swaps: a broken new version never unloads the one that works.
 */
export class RepositorySource implements ServableSource {
  private readonly tracked = new Map<string, Map<number, TrackedVersion>>();
  private specs = new Map<string, ModelSpec>();
  private readonly warned = new Set<string>();
  private refreshing: Promise<void> | undefined;
  private closed = false;
  private readonly logger: Logger;

  constructor(private readonly options: RepositorySourceOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  models(): string[] {
    return [...this.specs.keys()].sort();
  }

  versions(model: string): VersionStatus[] | undefined {
    const versions = this.tracked.get(model);
    if (!versions) return this.specs.has(model) ? [] : undefined;
    return [...versions.values()].map((t) => t.status).sort((a, b) => b.version - a.version);
  }

  labels(model: string): Record<string, number> {
    return this.specs.get(model)?.labels ?? {};
  }

  servable(model: string, version: number): Servable | undefined {
    const t = this.tracked.get(model)?.get(version);
    return t?.status.state === "AVAILABLE" ? t.servable : undefined;
  }

  /** Scans the repository once and loads/unloads versions; concurrent calls share one scan. */
  refresh(): Promise<void> {
    this.refreshing ??= this.scan().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Unloads everything; later refreshes do nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await this.refreshing?.catch(() => {});
    for (const versions of this.tracked.values()) {
      for (const t of versions.values()) await t.servable?.close?.();
    }
    this.tracked.clear();
  }

  private async scan(): Promise<void> {
    this.specs = await this.readSpecs();
    for (const spec of this.specs.values()) {
      if (this.closed) return;
      await this.reconcile(spec);
    }
    for (const name of [...this.tracked.keys()]) if (!this.specs.has(name)) await this.unloadAll(name);
  }

  private async readSpecs(): Promise<Map<string, ModelSpec>> {
    const specs = await this.readRepositorySpecs();
    for (const [name, override] of Object.entries(this.options.overrides ?? {})) {
      const spec = specs.get(name);
      if (!spec) continue;
      if (override.policy) spec.policy = override.policy;
      if (override.labels) spec.labels = { ...spec.labels, ...override.labels };
    }
    return specs;
  }

  private async readRepositorySpecs(): Promise<Map<string, ModelSpec>> {
    const repo = resolve(this.options.repo);
    const configPath = join(repo, "models.config");
    const specs = new Map<string, ModelSpec>();
    const only = this.options.models ? new Set(this.options.models) : undefined;
    if (existsSync(configPath)) {
      const config = parseModelsConfig(await readFile(configPath, "utf8"));
      for (const m of config.models) {
        if (only && !only.has(m.name)) continue;
        specs.set(m.name, {
          name: m.name,
          basePath: this.localBasePath(m.basePath, m.name),
          policy: m.versionPolicy,
          labels: m.versionLabels,
        });
      }
      return specs;
    }
    const entries = await readdir(repo, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory() || !MODEL_NAME.test(e.name) || (only && !only.has(e.name))) continue;
      specs.set(e.name, { name: e.name, basePath: join(repo, e.name), labels: {} });
    }
    for (const name of only ?? [])
      if (!specs.has(name)) specs.set(name, { name, basePath: join(repo, name), labels: {} });
    return specs;
  }

  /** models.config written for the Docker image says /models/<name>; on this machine that is <repo>/<name>. */
  private localBasePath(basePath: string, name: string): string {
    const repo = resolve(this.options.repo);
    if (isAbsolute(basePath) && existsSync(basePath)) return basePath;
    if (basePath.startsWith("/models/")) return join(repo, basePath.slice("/models/".length));
    if (!isAbsolute(basePath)) return resolve(repo, basePath);
    return join(repo, name);
  }

  private async versionsOnDisk(spec: ModelSpec): Promise<number[]> {
    const entries = await readdir(spec.basePath, { withFileTypes: true }).catch(() => undefined);
    if (!entries) {
      this.warnOnce(`base:${spec.name}`, `Could not find base path ${spec.basePath} for model ${spec.name}.`);
      return [];
    }
    const versions: number[] = [];
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      if (VERSION_NAME.test(e.name) && Number.isSafeInteger(Number(e.name))) versions.push(Number(e.name));
      else if (!e.name.startsWith(".")) {
        this.warnOnce(
          `ignored:${spec.name}/${e.name}`,
          `${spec.name}/${e.name} is ignored: version folders must be whole numbers (rename it to ${spec.name}/1, or use \`bqdeploy pull\`, which numbers versions).`,
        );
      }
    }
    if (versions.length === 0) {
      this.warnOnce(
        `none:${spec.name}`,
        `No versions of servable ${spec.name} found under base path ${spec.basePath}.`,
      );
    }
    return versions;
  }

  private async reconcile(spec: ModelSpec): Promise<void> {
    const onDisk = await this.versionsOnDisk(spec);
    const versions = this.tracked.get(spec.name) ?? new Map<number, TrackedVersion>();
    this.tracked.set(spec.name, versions);
    const aspired = aspiredVersions(onDisk, spec.policy, Object.values(spec.labels));
    for (const version of aspired) {
      if (versions.has(version) || this.closed) continue;
      await this.load(spec, version, versions);
    }
    const available = [...versions.values()]
      .filter((t) => t.status.state === "AVAILABLE")
      .map((t) => t.status.version);
    const aspiredAvailable = available.filter((v) => aspired.includes(v));
    for (const version of versionsToUnload(available, aspired, aspiredAvailable, onDisk)) {
      const t = versions.get(version)!;
      this.logger.info(`Unloading ${spec.name} version ${version}`);
      await t.servable?.close?.();
      versions.set(version, { status: { version, state: "END", errorCode: "OK", errorMessage: "" } });
    }
    // Failed or unloaded versions whose folder is gone are forgotten, so a folder put back is loaded again.
    for (const [version, t] of versions) {
      if (t.status.state === "END" && !onDisk.includes(version)) versions.delete(version);
    }
  }

  private async load(spec: ModelSpec, version: number, versions: Map<number, TrackedVersion>): Promise<void> {
    const status: VersionStatus = { version, state: "LOADING", errorCode: "OK", errorMessage: "" };
    const tracked: TrackedVersion = { status };
    versions.set(version, tracked);
    const dir = join(spec.basePath, String(version));
    const started = performance.now();
    try {
      const info = await stat(dir);
      if (!info.isDirectory()) throw new Error(`${dir} is not a folder`);
      tracked.servable = await this.options.load(dir);
      status.state = "AVAILABLE";
      this.logger.info(
        `Loaded ${spec.name} version ${version} in ${Math.round(performance.now() - started)} ms`,
      );
    } catch (err) {
      status.state = "END";
      status.errorCode = isBqdeployError(err) && err.code === "UNSUPPORTED_OP" ? "UNIMPLEMENTED" : "UNKNOWN";
      status.errorMessage = err instanceof Error ? err.message : String(err);
      this.logger.error(`Failed to load ${spec.name} version ${version}: ${status.errorMessage}`);
    }
  }

  private async unloadAll(name: string): Promise<void> {
    for (const t of this.tracked.get(name)?.values() ?? []) await t.servable?.close?.();
    this.tracked.delete(name);
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.logger.warn(message);
  }
}
