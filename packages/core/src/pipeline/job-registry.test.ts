import { describe, expect, it } from "vitest";
import { JobRegistry } from "./job-registry.js";

describe("JobRegistry", () => {
  it("runs work in the background and records its events and result", async () => {
    const jobs = new JobRegistry();
    const started = jobs.start("pull", { model: "tip_model" }, async (emit) => {
      emit({ type: "step", step: "download" });
      await new Promise((r) => setTimeout(r, 5));
      emit({ type: "done" });
      return { version: 3 };
    });
    expect(started.state).toBe("running");
    const done = await jobs.wait(started.id);
    expect(done).toMatchObject({
      state: "succeeded",
      result: { version: 3 },
      eventCount: 2,
      params: { model: "tip_model" },
    });
  });

  it("lets a follower replay past events and receive live ones until the end", async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { id } = jobs.start("x", {}, async (emit) => {
      emit({ type: "a" });
      await gate;
      emit({ type: "b" });
    });
    const seen: string[] = [];
    const following = (async () => {
      for await (const e of jobs.follow(id)) seen.push(e.type);
    })();
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual(["a"]);
    release();
    await following;
    expect(seen).toEqual(["a", "b"]);
  });

  it("reports failures with a code and cancellation as cancelled", async () => {
    const jobs = new JobRegistry();
    const failed = jobs.start("x", {}, async () => {
      throw new Error("bucket not found");
    });
    expect(await jobs.wait(failed.id)).toMatchObject({
      state: "failed",
      error: { code: "INTERNAL", message: "bucket not found" },
    });
    const slow = jobs.start(
      "x",
      {},
      (_emit, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    );
    expect(jobs.cancel(slow.id)).toBe(true);
    expect((await jobs.wait(slow.id))?.state).toBe("cancelled");
    expect(jobs.cancel(slow.id)).toBe(false);
  });

  it("evicts finished jobs beyond its capacity, never running ones", async () => {
    const jobs = new JobRegistry({ maxJobs: 2 });
    const a = jobs.start("x", {}, async () => 1);
    await jobs.wait(a.id);
    jobs.start("x", {}, () => new Promise(() => {}));
    jobs.start("x", {}, async () => 3);
    expect(jobs.get(a.id)).toBeUndefined();
    expect(jobs.list()).toHaveLength(2);
  });
});
