import type { Pool } from "undici";
import { BqdeployError } from "../errors/index.js";
import { connectionFailed, neverSent } from "./transport-errors.js";

/** One HTTP request to pass on unchanged to a replica. */
export interface ForwardedRequest {
  method: string;
  /** Path with query string, e.g. `/v1/models/tip_model:predict`. */
  path: string;
  /** Headers to send (hop-by-hop and Authorization already removed by the caller). */
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A replica's answer, read whole. */
export interface ForwardedResponse {
  status: number;
  contentType: string;
  body: Uint8Array;
  /** The replica (base URL) that answered. */
  endpoint: string;
}

export interface ReplicaForwarderOptions {
  /** Deadline for a replica's answer headers and for each gap in its body (ms). Default 30 000. */
  timeoutMs?: number;
  /** Keep-alive connections per replica. Default 128. */
  connections?: number;
}

/**
 * Passes requests on to the replicas of a deployment over keep-alive undici pools, round robin per
 * group (a deployment id). A replica that refuses the connection is skipped for the next one (the
 * request never reached it, so even a POST is safe to send again); other failures are not repeated.
 * Errors: UNAVAILABLE (no replica reachable), DEADLINE_EXCEEDED, CONNECTION_FAILED.
 */
export class ReplicaForwarder {
  private readonly pools = new Map<string, Pool>();
  private readonly cursors = new Map<string, number>();
  private readonly timeoutMs: number;
  private readonly connections: number;

  constructor(options: ReplicaForwarderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.connections = options.connections ?? 128;
  }

  /** Sends `request` to the next replica of `group` (round robin over `endpoints`). */
  async forward(
    group: string,
    endpoints: readonly string[],
    request: ForwardedRequest,
  ): Promise<ForwardedResponse> {
    if (endpoints.length === 0) {
      throw new BqdeployError("UNAVAILABLE", `Deployment ${group} has no replica to send the request to.`);
    }
    const start = this.cursors.get(group) ?? 0;
    this.cursors.set(group, (start + 1) % endpoints.length);
    let lastError: unknown;
    for (let i = 0; i < endpoints.length; i++) {
      const endpoint = endpoints[(start + i) % endpoints.length]!;
      try {
        return await this.send(endpoint, request);
      } catch (err) {
        lastError = err;
        if (!neverSent(err)) throw this.failure(endpoint, err);
      }
    }
    throw new BqdeployError(
      "UNAVAILABLE",
      `No replica of deployment ${group} accepts connections (${endpoints.join(", ")}); check it with GET /deployments/${group}.`,
      { cause: lastError },
    );
  }

  /** Closes the pools of replicas not in `keep` (deployments that stopped). */
  async retain(keep: ReadonlySet<string>): Promise<void> {
    const gone = [...this.pools.keys()].filter((origin) => !keep.has(origin));
    await Promise.all(
      gone.map((origin) => {
        const pool = this.pools.get(origin)!;
        this.pools.delete(origin);
        return pool.close().catch(() => {});
      }),
    );
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    await this.retain(new Set());
  }

  private async send(endpoint: string, request: ForwardedRequest): Promise<ForwardedResponse> {
    const origin = new URL(endpoint).origin;
    let pool = this.pools.get(origin);
    if (!pool) {
      const undici = await import("./undici.js");
      pool =
        this.pools.get(origin) ??
        new undici.Pool(origin, { connections: this.connections, keepAliveTimeout: 10_000 });
      this.pools.set(origin, pool);
    }
    const res = await pool.request({
      method: request.method as "GET",
      path: request.path,
      headers: request.headers,
      body: request.body,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const body = new Uint8Array(await res.body.arrayBuffer());
    const type = res.headers["content-type"];
    return {
      status: res.statusCode,
      contentType: (Array.isArray(type) ? type[0] : type) ?? "application/json",
      body,
      endpoint,
    };
  }

  private failure(endpoint: string, err: unknown): BqdeployError {
    const code = (err as { code?: unknown }).code;
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
      return new BqdeployError(
        "DEADLINE_EXCEEDED",
        `${endpoint} did not answer within ${this.timeoutMs} ms; check the deployment's load and logs.`,
        { cause: err, details: { endpoint, timeoutMs: this.timeoutMs } },
      );
    }
    return connectionFailed(endpoint, err);
  }
}
