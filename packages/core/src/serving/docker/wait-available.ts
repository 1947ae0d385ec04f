import { setTimeout as sleep } from "node:timers/promises";
import { BqdeployError } from "../../errors/index.js";

interface StatusBody {
  model_version_status?: Array<{
    version?: string;
    state?: string;
    status?: { error_code?: string; error_message?: string };
  }>;
}

export interface WaitOptions {
  /** Base URL of the server, e.g. http://127.0.0.1:8501. */
  endpoint: string;
  model: string;
  /** Wait for this version; otherwise any version. */
  version?: number;
  timeoutMs: number;
  signal?: AbortSignal;
  intervalMs?: number;
  /** Called when the reported state changes ("NO_ANSWER" while the port does not answer). */
  onState?: (state: string) => void;
  /** Called about once a second; throws when the server process is gone (stops the wait at once). */
  checkAlive?: () => Promise<void>;
}

/** One look at the model status: the AVAILABLE version, a load failure, or the state seen. */
export async function probeModelStatus(
  endpoint: string,
  model: string,
  version?: number,
  signal?: AbortSignal,
): Promise<{ available?: number; failed?: string; state: string }> {
  const path = `/v1/models/${encodeURIComponent(model)}${version === undefined ? "" : `/versions/${version}`}`;
  // undici is imported on first use, not with core (a runtime is made long before it starts anything).
  const { request } = await import("../../client/undici.js");
  let body: StatusBody;
  try {
    const response = await request(`${endpoint}${path}`, {
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(2000)]) : AbortSignal.timeout(2000),
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return { state: `HTTP_${response.statusCode}` };
    body = JSON.parse(text) as StatusBody;
  } catch (error) {
    if (signal?.aborted) throw error;
    return { state: "NO_ANSWER" };
  }
  const statuses = body.model_version_status ?? [];
  const available = statuses.find((s) => s.state === "AVAILABLE");
  if (available) return { available: Number(available.version), state: "AVAILABLE" };
  const failed = statuses.find(
    (s) => s.state === "END" && s.status?.error_code && s.status.error_code !== "OK",
  );
  if (failed && statuses.every((s) => s.state === "END")) {
    return {
      failed: `${failed.status?.error_code}: ${failed.status?.error_message ?? ""} (version ${failed.version})`,
      state: "END",
    };
  }
  return { state: statuses[0]?.state ?? "UNKNOWN" };
}

/**
 * Polls GET /v1/models/<model> until a version is AVAILABLE (TF Serving answers 200 while LOADING, so
 * the body decides). Returns the AVAILABLE version; SERVING_NOT_READY on a failed load or timeout.
 */
export async function waitUntilAvailable(options: WaitOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  let lastState = "";
  let lastCheck = 0;
  while (true) {
    options.signal?.throwIfAborted();
    if (options.checkAlive && Date.now() - lastCheck >= 1000) {
      lastCheck = Date.now();
      await options.checkAlive();
    }
    const probe = await probeModelStatus(options.endpoint, options.model, options.version, options.signal);
    if (probe.state !== lastState) {
      lastState = probe.state;
      options.onState?.(lastState);
    }
    if (probe.available !== undefined) return probe.available;
    if (probe.failed) {
      throw new BqdeployError(
        "SERVING_NOT_READY",
        `The server could not load model ${options.model}: ${probe.failed}.`,
        { details: { state: probe.state } },
      );
    }
    if (Date.now() >= deadline) {
      throw new BqdeployError(
        "SERVING_NOT_READY",
        `Model ${options.model} was not AVAILABLE at ${options.endpoint} after ${Math.round(options.timeoutMs / 1000)} s (last state: ${lastState}). Check that <repo>/${options.model}/<version>/ holds a complete export with a numeric version folder.`,
        { details: { state: lastState } },
      );
    }
    await sleep(
      options.intervalMs ?? 250,
      undefined,
      options.signal ? { signal: options.signal } : undefined,
    );
  }
}
