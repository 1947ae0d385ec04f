import type { JobSnapshot, PipelineEvent, PullStep } from "@bqdeploy/core";
import { moveSelection } from "./selection.js";

export type StepStatus = "pending" | "started" | "done" | "failed";

export interface DownloadProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  bytesPerSecond: number;
}

/** A job as the Jobs screen shows it: its snapshot plus what its events told. */
export interface JobRow {
  id: string;
  kind: string;
  title: string;
  state: JobSnapshot["state"];
  steps: Partial<Record<PullStep, StepStatus>>;
  download?: DownloadProgress;
  exportState?: string;
  exportElapsedMs?: number;
  error?: { code: string; message: string };
  result?: string;
}

export interface JobsState {
  jobs: JobRow[];
  selected: number;
}

export type JobsAction =
  | { type: "jobs/started"; id: string; kind: string; title: string }
  | { type: "jobs/event"; id: string; event: PipelineEvent }
  | { type: "jobs/finished"; snapshot: JobSnapshot; result?: string }
  | { type: "jobs/move"; delta: number };

export const initialJobsState: JobsState = { jobs: [], selected: 0 };

function applyEvent(job: JobRow, event: PipelineEvent): JobRow {
  switch (event.type) {
    case "step":
      return { ...job, steps: { ...job.steps, [event.step]: event.status } };
    case "progress":
      if (event.step === "download") {
        const { filesDone, filesTotal, bytesDone, bytesTotal, bytesPerSecond } = event;
        return { ...job, download: { filesDone, filesTotal, bytesDone, bytesTotal, bytesPerSecond } };
      }
      return { ...job, exportState: event.state, exportElapsedMs: event.elapsedMs };
    case "done":
      return { ...job, result: `version ${event.version} of ${event.model} (${event.files} files)` };
    case "log":
      return job;
  }
}

function updateJob(state: JobsState, id: string, change: (job: JobRow) => JobRow): JobsState {
  return { ...state, jobs: state.jobs.map((j) => (j.id === id ? change(j) : j)) };
}

/** The Jobs screen: export/download progress and pipeline steps per job. Pure. */
export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
  switch (action.type) {
    case "jobs/started": {
      const job: JobRow = {
        id: action.id,
        kind: action.kind,
        title: action.title,
        state: "running",
        steps: {},
      };
      return { jobs: [job, ...state.jobs], selected: 0 };
    }
    case "jobs/event":
      return updateJob(state, action.id, (j) => applyEvent(j, action.event));
    case "jobs/finished":
      return updateJob(state, action.snapshot.id, (j) => ({
        ...j,
        state: action.snapshot.state,
        error: action.snapshot.error,
        result: action.result ?? j.result,
      }));
    case "jobs/move":
      return { ...state, selected: moveSelection(state.selected, action.delta, state.jobs.length) };
  }
}

/** Seconds left at the current rate; undefined when unknown. */
export function etaSeconds(p: DownloadProgress): number | undefined {
  if (p.bytesPerSecond <= 0 || p.bytesTotal <= 0) return undefined;
  return Math.max(0, Math.ceil((p.bytesTotal - p.bytesDone) / p.bytesPerSecond));
}
