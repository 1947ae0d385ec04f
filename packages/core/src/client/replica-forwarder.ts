import { BqdeployError } from "../errors/index.js";
import type { UpstreamCallback } from "./upstream/connection.js";
import { OriginPool } from "./upstream/origin-pool.js";
import { connectionFailed, neverSent } from "./transport-errors.js";

/** One HTTP request to pass on unchanged to a replica. */
export interface ForwardedRequest {
  method: string;
  /** Path with query string, e.g. `/v1/models/tip_model:predict`. */
  path: string;
  /**
   * Headers to send (hop-by-hop and Authorization already removed by the caller): an object, or a
   * flat `[name, value, ...]` array (cheaper to reuse across requests).
   */
  headers?: Record<string, string> | string[];
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

/** Told once of the replica's answer, or of the error `forward()` would reject with. */
export interface ForwardHandler {
  onForwarded(error: BqdeployError | undefined, answer: ForwardedResponse | undefined): void;
}

export interface ReplicaForwarderOptions {
  /** Deadline for a replica's answer headers and for each gap in its body (ms). Default 30 000. */
  timeoutMs?: number;
  /** Keep-alive connections per replica. Default 128. */
  connections?: number;
}

const DEFAULT_CONTENT_TYPE = "application/json";

/**
 * Passes requests on to the replicas of a deployment over keep-alive connections (a small HTTP/1.1
 * client of our own on node:net, see ./upstream), round robin per group (a deployment id). A replica
 * that refuses the connection is skipped for the next one (the request never reached it, so even a
 * POST is safe to send again); other failures are not repeated. Errors: UNAVAILABLE (no replica
 * reachable), DEADLINE_EXCEEDED, CONNECTION_FAILED.
 *
 * `dispatch()` is the hot path (one exchange object per request, the answer read into one Buffer, no
 * streams, promises or closures); `forward()` is the same as a promise.
 */
export class ReplicaForwarder {
  /** Pools by origin. */
  private readonly pools = new Map<string, OriginPool>();
  /** The pool of each endpoint as given (so that a request parses no URL). */
  private readonly byEndpoint = new Map<string, OriginPool>();
  private readonly cursors = new Map<string, number>();
  private readonly timeoutMs: number;
  private readonly connections: number;

  constructor(options: ReplicaForwarderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.connections = options.connections ?? 128;
  }

  /** Sends `request` to the next replica of `group` (round robin over `endpoints`). */
  forward(
    group: string,
    endpoints: readonly string[],
    request: ForwardedRequest,
  ): Promise<ForwardedResponse> {
    return new Promise((resolve, reject) => {
      this.dispatch(group, endpoints, request, {
        onForwarded: (error, answer) => (error ? reject(error) : resolve(answer!)),
      });
    });
  }

  /** `forward()` telling `handler` exactly once (possibly before this returns). */
  dispatch(
    group: string,
    endpoints: readonly string[],
    request: ForwardedRequest,
    handler: ForwardHandler,
  ): void {
    if (endpoints.length === 0) {
      handler.onForwarded(
        new BqdeployError("UNAVAILABLE", `Deployment ${group} has no replica to send the request to.`),
        undefined,
      );
      return;
    }
    const start = this.cursors.get(group) ?? 0;
    this.cursors.set(group, (start + 1) % endpoints.length);
    new Exchange(this, group, endpoints, start, request, handler).attempt();
  }

  /** Closes the pools of replicas whose origin is not among `keep` (endpoints or origins still in use). */
  async retain(keep: Iterable<string>): Promise<void> {
    const origins = new Set<string>();
    for (const endpoint of keep) origins.add(originOf(endpoint));
    const gone = [...this.pools.keys()].filter((origin) => !origins.has(origin));
    if (gone.length === 0) return;
    for (const endpoint of [...this.byEndpoint.keys()]) {
      if (!origins.has(originOf(endpoint))) this.byEndpoint.delete(endpoint);
    }
    await Promise.all(
      gone.map((origin) => {
        const pool = this.pools.get(origin)!;
        this.pools.delete(origin);
        return pool.close();
      }),
    );
  }

  /** Closes every pool (after the requests under way are answered). */
  async close(): Promise<void> {
    await this.retain([]);
  }

  /** @internal The pool for `endpoint` (created on first use); throws for an endpoint that is no http:// URL. */
  poolOf(endpoint: string): OriginPool {
    let pool = this.byEndpoint.get(endpoint);
    if (pool) return pool;
    const url = new URL(endpoint);
    if (url.protocol !== "http:") {
      throw new Error(`replicas are reached over http:// only (not ${url.protocol}//)`);
    }
    pool = this.pools.get(url.origin);
    if (!pool) {
      const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
      pool = new OriginPool(host, url.port === "" ? 80 : Number(url.port), {
        timeoutMs: this.timeoutMs,
        connections: this.connections,
        keepAliveTimeoutMs: 10_000,
      });
      this.pools.set(url.origin, pool);
    }
    this.byEndpoint.set(endpoint, pool);
    return pool;
  }

  /** @internal The error for a failure of `endpoint` that is not worth another replica. */
  failure(endpoint: string, err: unknown): BqdeployError {
    const code = (err as { code?: unknown }).code;
    if (code === "ERR_UPSTREAM_HEADERS_TIMEOUT" || code === "ERR_UPSTREAM_BODY_TIMEOUT") {
      return new BqdeployError(
        "DEADLINE_EXCEEDED",
        `${endpoint} did not answer within ${this.timeoutMs} ms; check the deployment's load and logs.`,
        { cause: err, details: { endpoint, timeoutMs: this.timeoutMs } },
      );
    }
    return connectionFailed(endpoint, err);
  }
}

function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

/** One forwarded request, moving on to the next replica when one refuses the connection. */
class Exchange implements UpstreamCallback {
  private tries = 0;
  private endpoint = "";
  private lastError: unknown;
  private settled = false;

  constructor(
    private readonly forwarder: ReplicaForwarder,
    private readonly group: string,
    private readonly endpoints: readonly string[],
    private readonly start: number,
    private readonly request: ForwardedRequest,
    private readonly handler: ForwardHandler,
  ) {}

  attempt(): void {
    const { endpoints, request } = this;
    this.endpoint = endpoints[(this.start + this.tries) % endpoints.length]!;
    this.tries++;
    let pool: OriginPool;
    try {
      pool = this.forwarder.poolOf(this.endpoint);
    } catch (err) {
      this.onUpstreamError(err as Error);
      return;
    }
    pool.send(request.method, request.path, request.headers, request.body, this);
  }

  onUpstreamResponse(status: number, contentType: string | undefined, body: Buffer): void {
    if (this.settled) return;
    this.settled = true;
    this.handler.onForwarded(undefined, {
      status,
      contentType: contentType ?? DEFAULT_CONTENT_TYPE,
      body,
      endpoint: this.endpoint,
    });
  }

  onUpstreamError(err: Error): void {
    if (this.settled) return;
    if (neverSent(err)) {
      this.lastError = err;
      if (this.tries < this.endpoints.length) {
        this.attempt();
        return;
      }
      this.settled = true;
      this.handler.onForwarded(
        new BqdeployError(
          "UNAVAILABLE",
          `No replica of deployment ${this.group} accepts connections (${this.endpoints.join(", ")}); check it with GET /deployments/${this.group}.`,
          { cause: this.lastError },
        ),
        undefined,
      );
      return;
    }
    this.settled = true;
    this.handler.onForwarded(this.forwarder.failure(this.endpoint, err), undefined);
  }
}
