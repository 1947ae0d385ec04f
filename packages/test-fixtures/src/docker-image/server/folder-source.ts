import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  isBqdeployError,
  loadBoosterModel,
  loadSavedModelServable,
  type Servable,
  type ServableSource,
  type VersionStatus,
} from "@bqdeploy/core";
import type { ModelConfigEntry } from "./models-config.js";
import { checkScriptedModel, SCRIPTED_MODEL_FILE, scriptedServable } from "./scripted-model.js";

interface Tracked {
  status: VersionStatus;
  servable?: Servable;
}

/**
 * A ServableSource over version folders on disk, polled like TF Serving's file system source: a child
 * folder whose whole name is an integer is a version; the policy picks which to load. A version loads
 * with core's engine (saved_model.pb), its booster evaluator (model.bst), or, in test repositories, as a
 * scripted model; a failed load is reported as TF Serving does (END with an error code).
 */
export class FolderSource implements ServableSource {
  private readonly tracked = new Map<string, Map<number, Tracked>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly configs: ModelConfigEntry[],
    private readonly log: (line: string) => void,
  ) {
    for (const config of configs) this.tracked.set(config.name, new Map());
  }

  models(): string[] {
    return [...this.tracked.keys()];
  }

  versions(model: string): VersionStatus[] | undefined {
    const versions = this.tracked.get(model);
    return versions && [...versions.values()].map((t) => t.status).sort((a, b) => b.version - a.version);
  }

  labels(model: string): Record<string, number> {
    return this.configs.find((c) => c.name === model)?.labels ?? {};
  }

  servable(model: string, version: number): Servable | undefined {
    const tracked = this.tracked.get(model)?.get(version);
    return tracked?.status.state === "AVAILABLE" ? tracked.servable : undefined;
  }

  /** Scans every model's base path once and starts loading / unloading what the policies say. */
  async scan(): Promise<void> {
    await Promise.all(this.configs.map((config) => this.scanModel(config)));
  }

  private async scanModel(config: ModelConfigEntry): Promise<void> {
    const versions = this.tracked.get(config.name) ?? new Map<number, Tracked>();
    let names: string[];
    try {
      names = (await readdir(config.basePath, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name);
    } catch {
      this.warnOnce(
        `base:${config.name}`,
        `Could not find base path ${config.basePath} for servable ${config.name}`,
      );
      return;
    }
    const numbers = names
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => b - a);
    if (numbers.length === 0) {
      this.warnOnce(
        `none:${config.name}`,
        `No versions of servable ${config.name} found under base path ${config.basePath}. Did you forget to name your leaf directory as a number (eg. '/1/')?`,
      );
    }
    const policy = config.policy;
    const wanted =
      policy.kind === "all"
        ? numbers
        : policy.kind === "specific"
          ? numbers.filter((n) => policy.versions.includes(n))
          : numbers.slice(0, policy.count);
    for (const version of wanted) {
      if (!versions.has(version)) void this.load(config, versions, version);
    }
    // Availability first, as TF Serving does: an old version unloads only once the wanted ones are up.
    const settled = wanted.every((v) => versions.get(v)?.status.state !== "LOADING");
    for (const [version, tracked] of versions) {
      if (settled && !wanted.includes(version) && tracked.status.state === "AVAILABLE") {
        versions.set(version, { status: { ...tracked.status, state: "END" } });
        this.log(`Unloaded servable version {name: ${config.name} version: ${version}}`);
      }
    }
  }

  private async load(
    config: ModelConfigEntry,
    versions: Map<number, Tracked>,
    version: number,
  ): Promise<void> {
    const status = (state: VersionStatus["state"], errorCode = "OK", errorMessage = ""): VersionStatus => ({
      version,
      state,
      errorCode,
      errorMessage,
    });
    versions.set(version, { status: status("LOADING") });
    const dir = join(config.basePath, String(version));
    this.log(`Loading servable version {name: ${config.name} version: ${version}} from ${dir}`);
    try {
      const servable = await loadVersionFolder(dir);
      versions.set(version, { status: status("AVAILABLE"), servable });
      this.log(`Successfully loaded servable version {name: ${config.name} version: ${version}}`);
    } catch (error) {
      const [code, message] =
        error instanceof VersionLoadError ? [error.code, error.message] : ["UNKNOWN", String(error)];
      versions.set(version, { status: status("END", code, message) });
      this.log(
        `Loading servable version {name: ${config.name} version: ${version}} failed: ${code}: ${message}`,
      );
    }
  }

  private warnOnce(key: string, line: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.log(line);
  }
}

class VersionLoadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// How core's load failures read as TF Serving status codes.
const TF_CODES: Record<string, string> = {
  UNSUPPORTED_OP: "UNIMPLEMENTED",
  MODEL_CORRUPT: "DATA_LOSS",
  MODEL_FORMAT_INVALID: "INVALID_ARGUMENT",
  NOT_FOUND: "NOT_FOUND",
};

async function loadVersionFolder(dir: string): Promise<Servable> {
  const scripted = join(dir, SCRIPTED_MODEL_FILE);
  try {
    if (existsSync(scripted)) {
      const file = checkScriptedModel(JSON.parse(await readFile(scripted, "utf8")));
      if (file.loadMs) await new Promise((resolve) => setTimeout(resolve, file.loadMs));
      return scriptedServable(file);
    }
    if (existsSync(join(dir, "saved_model.pb"))) return await loadSavedModelServable(dir);
    if (existsSync(join(dir, "model.bst"))) return await loadBoosterModel(dir);
  } catch (error) {
    if (!isBqdeployError(error)) throw error;
    throw new VersionLoadError(TF_CODES[error.code] ?? "UNKNOWN", error.message);
  }
  throw new VersionLoadError(
    "NOT_FOUND",
    `Could not find SavedModel .pb or .pbtxt at supplied export directory path: ${dir}`,
  );
}
