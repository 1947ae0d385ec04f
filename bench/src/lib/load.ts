import { Pool } from "undici";

export interface LoadOptions {
  /** Base URL, e.g. http://127.0.0.1:8501 */
  origin: string;
  path: string;
  method?: "GET" | "POST";
  body?: string;
  /** Bodies sent in turn instead of `body` (requests that differ, e.g. varied instances). */
  bodies?: readonly string[];
  headers?: Record<string, string>;
  /** Concurrent requests in flight. */
  connections?: number;
  durationMs?: number;
  warmupMs?: number;
}

export interface LoadResult {
  /** Requests in the measured phase (after the warm-up). */
  requests: number;
  /** Requests in the warm-up phase (for CPU time per request over a whole run). */
  warmupRequests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests per second of this process's CPU time (user + system): steadier than perSecond on a shared machine. */
  perCpuSecond: number;
}

/**
 * A closed-loop HTTP load generator over one undici Pool (the same generator for a measured server and
 * its baseline, so ratios compare servers, not clients). Bounded by durationMs.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const connections = opts.connections ?? 32;
  const pool = new Pool(opts.origin, { connections, pipelining: 1, keepAliveTimeout: 10_000 });
  const headers = { "content-type": "application/json", ...opts.headers };
  const bodies = opts.bodies;
  let sent = 0;
  const one = async (): Promise<boolean> => {
    const res = await pool.request({
      path: opts.path,
      method: opts.method ?? "POST",
      body: bodies ? bodies[sent++ % bodies.length] : opts.body,
      headers,
    });
    await res.body.arrayBuffer();
    return res.statusCode < 400;
  };
  const phase = async (
    ms: number,
    latencies?: number[],
  ): Promise<{ requests: number; errors: number; seconds: number }> => {
    const end = performance.now() + ms;
    let requests = 0;
    let errors = 0;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await one().catch(() => false);
        latencies?.push(performance.now() - t);
        requests++;
        if (!ok) errors++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: connections }, worker));
    return { requests, errors, seconds: (performance.now() - start) / 1000 };
  };
  try {
    const warmup = await phase(opts.warmupMs ?? 500);
    const latencies: number[] = [];
    const cpu = process.cpuUsage();
    const { requests, errors, seconds } = await phase(opts.durationMs ?? 3000, latencies);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    latencies.sort((a, b) => a - b);
    const pct = (p: number): number =>
      latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
    return {
      requests,
      warmupRequests: warmup.requests,
      errors,
      seconds,
      perSecond: requests / seconds,
      p50Ms: pct(0.5),
      p99Ms: pct(0.99),
      perCpuSecond: requests / cpuSeconds,
    };
  } finally {
    await pool.close();
  }
}
