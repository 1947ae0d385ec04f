import type { ModelState, Servable, ServableSource, TfStatusCode, VersionStatus } from "@bqdeploy/core";
import { type ScriptedModel, scriptedServable } from "./scripted-model.js";

/** One version of a fake model and how it loads. */
export interface FakeVersionConfig {
  version: number;
  model: ScriptedModel;
  /** Time spent in START before LOADING (ms). Default 0. */
  startAfterMs?: number;
  /** Time spent in LOADING before AVAILABLE (or END when `fail` is set), ms. Default 0: AVAILABLE at once. */
  loadAfterMs?: number;
  /** Make the load fail: the version ends in END with this error (code default UNKNOWN). */
  fail?: string | { code: TfStatusCode; message: string };
}

export interface FakeModelConfig {
  versions: FakeVersionConfig[];
  /** label -> version, e.g. {stable: 1}. */
  labels?: Record<string, number>;
}

interface VersionEntry {
  status: VersionStatus;
  servable: Servable;
}

/**
 * A ServableSource whose models are scripted and whose versions move START -> LOADING -> AVAILABLE
 * (or END with an error) on timers. Mutable at runtime; `close()` clears the timers.
 */
export class ScriptedSource implements ServableSource {
  private readonly entries = new Map<string, Map<number, VersionEntry>>();
  private readonly labelMap = new Map<string, Record<string, number>>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(models: Record<string, FakeModelConfig> = {}) {
    for (const [name, config] of Object.entries(models)) {
      for (const v of config.versions) this.addVersion(name, v);
      if (config.labels) this.setLabels(name, config.labels);
    }
  }

  models(): string[] {
    return [...this.entries.keys()];
  }

  versions(model: string): VersionStatus[] | undefined {
    const versions = this.entries.get(model);
    return versions ? [...versions.values()].map((e) => ({ ...e.status })) : undefined;
  }

  labels(model: string): Record<string, number> {
    return { ...(this.labelMap.get(model) ?? {}) };
  }

  servable(model: string, version: number): Servable | undefined {
    const entry = this.entries.get(model)?.get(version);
    return entry?.status.state === "AVAILABLE" ? entry.servable : undefined;
  }

  /** Adds (or replaces) a version and starts its load schedule. */
  addVersion(model: string, config: FakeVersionConfig): void {
    let versions = this.entries.get(model);
    if (!versions) {
      versions = new Map();
      this.entries.set(model, versions);
    }
    const status: VersionStatus = {
      version: config.version,
      state: "START",
      errorCode: "OK",
      errorMessage: "",
    };
    versions.set(config.version, { status, servable: scriptedServable(config.model) });
    const finish = (): void => {
      if (config.fail === undefined) {
        status.state = "AVAILABLE";
        return;
      }
      const fail =
        typeof config.fail === "string" ? { code: "UNKNOWN" as const, message: config.fail } : config.fail;
      Object.assign(status, { state: "END", errorCode: fail.code, errorMessage: fail.message });
    };
    const load = (): void => {
      status.state = "LOADING";
      if (config.loadAfterMs) this.after(config.loadAfterMs, finish);
      else finish();
    };
    if (config.startAfterMs) this.after(config.startAfterMs, load);
    else load();
  }

  /** Replaces a model's labels. */
  setLabels(model: string, labels: Record<string, number>): void {
    this.labelMap.set(model, { ...labels });
  }

  /** Forces a version's state (and error), e.g. to simulate UNLOADING. */
  setState(
    model: string,
    version: number,
    state: ModelState,
    error?: { code: TfStatusCode; message: string },
  ): void {
    const entry = this.entries.get(model)?.get(version);
    if (!entry) throw new Error(`fake TF Serving: ${model} has no version ${version}`);
    Object.assign(entry.status, {
      state,
      errorCode: error?.code ?? "OK",
      errorMessage: error?.message ?? "",
    });
  }

  /** Stops every pending state change. */
  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
