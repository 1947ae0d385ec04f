import { randomUUID } from "node:crypto";
import { toBqdeployError } from "../errors/index.js";

export type JobState = "running" | "succeeded" | "failed" | "cancelled";

/** A job's events are whatever its work emits: typed objects with a `type`. */
export interface JobEvent {
  type: string;
  [key: string]: unknown;
}

export interface JobSnapshot {
  id: string;
  kind: string;
  state: JobState;
  startedAt: string;
  finishedAt?: string;
  /** Arguments the job was started with (for listing), without secrets. */
  params: Record<string, unknown>;
  result?: unknown;
  error?: { code: string; message: string };
  eventCount: number;
}

export type JobWork = (emit: (event: JobEvent) => void, signal: AbortSignal) => Promise<unknown>;

interface Job {
  snapshot: JobSnapshot;
  events: JobEvent[];
  listeners: Set<() => void>;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Long-running work (export, pull, deploy) as jobs with an id, a state, a replayable event log and
 * followers: what the API's /jobs routes and the terminal UI's Jobs screen render.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly options: { maxJobs?: number; maxEventsPerJob?: number } = {}) {}

  /** Starts work in the background and returns its id at once. */
  start(kind: string, params: Record<string, unknown>, work: JobWork): JobSnapshot {
    this.evict();
    const id = randomUUID();
    const controller = new AbortController();
    const snapshot: JobSnapshot = {
      id,
      kind,
      state: "running",
      startedAt: new Date().toISOString(),
      params,
      eventCount: 0,
    };
    const job: Job = { snapshot, events: [], listeners: new Set(), controller, done: Promise.resolve() };
    const maxEvents = this.options.maxEventsPerJob ?? 10_000;
    const notify = (): void => {
      for (const l of job.listeners) l();
    };
    const emit = (event: JobEvent): void => {
      if (job.events.length >= maxEvents) job.events.splice(0, 1); // keep the newest
      job.events.push(event);
      snapshot.eventCount++;
      notify();
    };
    this.jobs.set(id, job);
    job.done = (async () => {
      try {
        snapshot.result = await work(emit, controller.signal);
        snapshot.state = "succeeded";
      } catch (err) {
        const e = toBqdeployError(err);
        snapshot.state = controller.signal.aborted ? "cancelled" : "failed";
        snapshot.error = { code: e.code, message: e.message };
      } finally {
        snapshot.finishedAt = new Date().toISOString();
        notify();
      }
    })();
    return { ...snapshot };
  }

  get(id: string): JobSnapshot | undefined {
    const job = this.jobs.get(id);
    return job ? { ...job.snapshot } : undefined;
  }

  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((j) => ({ ...j.snapshot }));
  }

  /** Asks a running job to stop (its work sees the AbortSignal). */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job?.snapshot.state !== "running") return false;
    job.controller.abort(new Error("cancelled"));
    return true;
  }

  /** Waits until the job has finished. */
  async wait(id: string): Promise<JobSnapshot | undefined> {
    await this.jobs.get(id)?.done;
    return this.get(id);
  }

  /**
   * The job's events from the start (or from index `from`), then live ones until it finishes or the
   * signal aborts. Ends with nothing more once the job is done.
   */
  async *follow(id: string, options: { from?: number; signal?: AbortSignal } = {}): AsyncGenerator<JobEvent> {
    const job = this.jobs.get(id);
    if (!job) return;
    let next = options.from ?? 0;
    let wake: (() => void) | undefined;
    const listener = (): void => wake?.();
    job.listeners.add(listener);
    const onAbort = (): void => wake?.();
    options.signal?.addEventListener("abort", onAbort);
    try {
      for (;;) {
        // Events dropped from the front of a very long log shift indexes; clamp to what remains.
        const offset = job.snapshot.eventCount - job.events.length;
        while (next < job.snapshot.eventCount) {
          const event = job.events[Math.max(0, next - offset)];
          next++;
          if (event) yield event;
        }
        if (job.snapshot.state !== "running" || options.signal?.aborted) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      job.listeners.delete(listener);
      options.signal?.removeEventListener("abort", onAbort);
    }
  }

  private evict(): void {
    const max = this.options.maxJobs ?? 200;
    if (this.jobs.size < max) return;
    for (const [id, job] of this.jobs) {
      if (job.snapshot.state !== "running") this.jobs.delete(id);
      if (this.jobs.size < max) return;
    }
  }
}
