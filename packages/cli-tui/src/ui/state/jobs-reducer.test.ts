import type { JobSnapshot } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { etaSeconds, initialJobsState, jobsReducer } from "./jobs-reducer.js";

const snapshot = (state: JobSnapshot["state"], error?: JobSnapshot["error"]): JobSnapshot => ({
  id: "j1",
  kind: "pull",
  state,
  startedAt: "2026-01-01T00:00:00Z",
  params: {},
  eventCount: 3,
  error,
});

describe("jobsReducer", () => {
  it("follows a pull's steps, export state and download progress", () => {
    let s = jobsReducer(initialJobsState, { type: "jobs/started", id: "j1", kind: "pull", title: "pull x" });
    s = jobsReducer(s, {
      type: "jobs/event",
      id: "j1",
      event: { type: "step", step: "export", status: "started" },
    });
    s = jobsReducer(s, {
      type: "jobs/event",
      id: "j1",
      event: { type: "progress", step: "export", jobId: "bq1", state: "RUNNING", elapsedMs: 2000 },
    });
    s = jobsReducer(s, {
      type: "jobs/event",
      id: "j1",
      event: {
        type: "progress",
        step: "download",
        filesDone: 1,
        filesTotal: 3,
        bytesDone: 500,
        bytesTotal: 1500,
        bytesPerSecond: 250,
      },
    });
    const job = s.jobs[0];
    expect(job).toMatchObject({ state: "running", exportState: "RUNNING", steps: { export: "started" } });
    expect(job?.download && etaSeconds(job.download)).toBe(4);
    s = jobsReducer(s, { type: "jobs/finished", snapshot: snapshot("succeeded") });
    expect(s.jobs[0]?.state).toBe("succeeded");
  });

  it("keeps a failed job's error (code and what to do)", () => {
    let s = jobsReducer(initialJobsState, { type: "jobs/started", id: "j1", kind: "pull", title: "pull x" });
    s = jobsReducer(s, {
      type: "jobs/event",
      id: "j1",
      event: { type: "step", step: "download", status: "failed" },
    });
    s = jobsReducer(s, {
      type: "jobs/finished",
      snapshot: snapshot("failed", { code: "NOT_FOUND", message: "Check the path." }),
    });
    expect(s.jobs[0]).toMatchObject({
      state: "failed",
      steps: { download: "failed" },
      error: { code: "NOT_FOUND" },
    });
  });

  it("lists newest first and moves the selection within the list", () => {
    let s = jobsReducer(initialJobsState, { type: "jobs/started", id: "a", kind: "pull", title: "a" });
    s = jobsReducer(s, { type: "jobs/started", id: "b", kind: "pull", title: "b" });
    expect(s.jobs.map((j) => j.id)).toEqual(["b", "a"]);
    expect(jobsReducer(s, { type: "jobs/move", delta: 9 }).selected).toBe(1);
    expect(
      etaSeconds({ filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 10, bytesPerSecond: 0 }),
    ).toBeUndefined();
  });
});
