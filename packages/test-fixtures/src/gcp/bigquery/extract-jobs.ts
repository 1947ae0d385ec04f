/** Job states in the order jobs.get reports them. */
export type JobState = "PENDING" | "RUNNING" | "DONE";

/** How many jobs.get answers a job stays in each state before it moves on. */
export interface JobSchedule {
  pendingPolls: number;
  runningPolls: number;
}

/** One extract job the fake holds. */
export interface FakeJob {
  projectId: string;
  jobId: string;
  location: string;
  configuration: Record<string, unknown>;
  polls: number;
  state: JobState;
  errorResult?: { reason: string; message: string; location?: string };
  creationTime: number;
  /** Runs once when the job reaches DONE (writes the export, or decides the error). */
  finish: () => Promise<{ reason: string; message: string } | undefined>;
  finished?: Promise<void>;
}

/** Moves a job one poll along its schedule; writes its files when it reaches DONE. */
export async function advance(job: FakeJob, schedule: JobSchedule): Promise<void> {
  if (job.state === "DONE") return;
  job.polls++;
  const next: JobState =
    job.polls <= schedule.pendingPolls
      ? "PENDING"
      : job.polls <= schedule.pendingPolls + schedule.runningPolls
        ? "RUNNING"
        : "DONE";
  if (next === "DONE") {
    job.finished ??= job.finish().then((error) => {
      if (error) job.errorResult = error;
      job.state = "DONE";
    });
    await job.finished;
    return;
  }
  job.state = next;
}

/** jobs.get's resource for a job. */
export function jobResource(job: FakeJob): Record<string, unknown> {
  const status: Record<string, unknown> = { state: job.state };
  if (job.errorResult) {
    status.errorResult = job.errorResult;
    status.errors = [job.errorResult];
  }
  const statistics: Record<string, unknown> = { creationTime: String(job.creationTime) };
  if (job.state !== "PENDING") statistics.startTime = String(job.creationTime + 1);
  if (job.state === "DONE") statistics.endTime = String(Date.now());
  return {
    kind: "bigquery#job",
    etag: `etag-${job.jobId}`,
    id: `${job.projectId}:${job.location}.${job.jobId}`,
    selfLink: `/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${job.location}`,
    jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location },
    configuration: { ...job.configuration, jobType: "EXTRACT" },
    status,
    statistics,
  };
}
