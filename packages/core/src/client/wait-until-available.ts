import { BqdeployError, isBqdeployError } from "../errors/index.js";
import type { VersionStatus } from "../protocol/servable.js";
import { sleep } from "./backoff.js";

export interface WaitOptions {
  /** Give up after this long (ms). Default 60 000. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Wait for this version; default: any version. */
  version?: number;
  /** Poll interval (ms). Default 250. */
  pollMs?: number;
  /** Called with the versions each time their states change. */
  onState?: (versions: VersionStatus[]) => void;
}

type StatusCall = (
  model: string,
  options: { signal?: AbortSignal; timeoutMs?: number },
) => Promise<VersionStatus[]>;

/**
 * Polls a model's status until a version is AVAILABLE. Tolerates 404s (the model is not known yet) and
 * connection failures (the server is still starting); fails fast on END with an error.
 */
export async function waitUntilAvailable(
  status: StatusCall,
  model: string,
  options: WaitOptions,
): Promise<VersionStatus> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let last = "";
  let lastProblem = "no answer yet";
  for (;;) {
    try {
      const versions = (await status(model, { signal, timeoutMs })).filter(
        (v) => options.version === undefined || v.version === options.version,
      );
      const seen = JSON.stringify(versions);
      if (seen !== last) {
        last = seen;
        options.onState?.(versions);
      }
      const ready = versions.filter((v) => v.state === "AVAILABLE").sort((a, b) => b.version - a.version)[0];
      if (ready) return ready;
      const failed = versions.find((v) => v.state === "END" && v.errorCode !== "OK");
      if (failed) {
        throw new BqdeployError(
          "SERVING_NOT_READY",
          `${model} version ${failed.version} failed to load (${failed.errorCode}): ${failed.errorMessage}`,
          { details: { model, ...failed } },
        );
      }
      lastProblem =
        versions.map((v) => `version ${v.version} ${v.state}`).join(", ") || "no matching version";
    } catch (err) {
      if (isBqdeployError(err) && err.code === "SERVING_NOT_READY") throw err;
      if (options.signal?.aborted) throw cancelled(model, err);
      if (deadline.aborted) throw timedOut(model, timeoutMs, lastProblem, err);
      const retriable =
        isBqdeployError(err) && (err.code === "CONNECTION_FAILED" || err.details.httpStatus === 404);
      if (!retriable) throw err;
      lastProblem = err.message;
    }
    try {
      await sleep(options.pollMs ?? 250, signal);
    } catch (err) {
      if (options.signal?.aborted) throw cancelled(model, err);
      throw timedOut(model, timeoutMs, lastProblem, err);
    }
  }
}

const cancelled = (model: string, cause: unknown): BqdeployError =>
  new BqdeployError("CANCELLED", `Stopped waiting for ${model} to become AVAILABLE.`, { cause });

const timedOut = (model: string, ms: number, last: string, cause: unknown): BqdeployError =>
  new BqdeployError(
    "DEADLINE_EXCEEDED",
    `${model} did not become AVAILABLE within ${ms} ms (last seen: ${last}). Check the server's logs.`,
    { cause, details: { timeoutMs: ms } },
  );
