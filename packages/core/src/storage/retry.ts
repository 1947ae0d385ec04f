import { setTimeout as sleep } from "node:timers/promises";
import { BqdeployError, isBqdeployError } from "../errors/index.js";

/** How often and how patiently transient failures are retried. */
export interface RetryPolicy {
  /** Total tries, the first included (default 6). */
  attempts: number;
  /** First back-off delay; doubles each time, with full jitter (default 200 ms). */
  baseDelayMs: number;
  /** Cap of one delay (default 5000 ms). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 200, maxDelayMs: 5000 };

/** An HTTP status that is worth retrying (GCS's guidance: 408, 429, 5xx). */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** True for errors worth another try: transient statuses, resets, timeouts, cut bodies. */
export function isTransient(error: unknown): boolean {
  if (isBqdeployError(error)) return error.details.transient === true;
  if (typeof error !== "object" || error === null) return false;
  const e = error as { code?: unknown; status?: unknown; name?: string };
  const status = typeof e.code === "number" ? e.code : typeof e.status === "number" ? e.status : undefined;
  if (status !== undefined) return isTransientStatus(status);
  if (e.name === "AbortError") return false;
  // No HTTP status: a network failure (ECONNRESET, socket hang up, UND_ERR_SOCKET, premature close, ...).
  return true;
}

/** Delay before retry number `attempt` (1-based): exponential with full jitter. */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `attempt` until it succeeds, a non-transient error is thrown, or the policy's attempts run out.
 * `onRetry` hears about each retry before its delay.
 */
export async function withRetries<T>(
  attempt: (tryNumber: number) => Promise<T>,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry?: (tryNumber: number, delayMs: number, error: unknown) => void,
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber++) {
    signal?.throwIfAborted();
    try {
      return await attempt(tryNumber);
    } catch (error) {
      if (signal?.aborted) throw cancelled(signal);
      if (tryNumber >= policy.attempts || !isTransient(error)) throw error;
      const delay = backoffDelay(tryNumber, policy);
      onRetry?.(tryNumber, delay, error);
      await sleep(delay, undefined, { signal }).catch(() => {
        throw cancelled(signal!);
      });
    }
  }
}

/** The error a cancelled download or export ends with. */
export function cancelled(signal: AbortSignal): BqdeployError {
  return new BqdeployError("CANCELLED", "Cancelled.", { cause: signal.reason });
}
