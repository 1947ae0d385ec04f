/** The steps of a pull, in order (export only when asked). */
export type PullStep = "export" | "download" | "install";

/**
 * What a pipeline reports while it runs. The CLI, the TUI and the API render these; they are plain
 * JSON-serialisable objects. A run ends with one `done` event, or the iteration throws a BqdeployError
 * right after a `step` event with status `failed`.
 */
export type PipelineEvent =
  | { type: "step"; step: PullStep; status: "started" | "done" | "failed"; message?: string }
  | { type: "progress"; step: "export"; jobId: string; state: string; elapsedMs: number }
  | {
      type: "progress";
      step: "download";
      filesDone: number;
      filesTotal: number;
      bytesDone: number;
      bytesTotal: number;
      bytesPerSecond: number;
    }
  | {
      type: "log";
      level: "debug" | "info" | "warn" | "error";
      message: string;
      fields?: Record<string, unknown>;
    }
  | PullDone;

/** The last event of a successful pull. */
export interface PullDone {
  type: "done";
  model: string;
  version: number;
  /** The installed version folder. */
  path: string;
  source: string;
  files: number;
  bytes: number;
  /** Bytes transferred by this run (less than `bytes` when a previous attempt was resumed). */
  downloadedBytes: number;
  /** Files found complete in the staging folder and not downloaded again. */
  skippedFiles: number;
  /** True when an interrupted pull's staging folder was reused. */
  resumed: boolean;
  /** The BigQuery extract job, when the pull exported first. */
  exportJobId?: string;
}
