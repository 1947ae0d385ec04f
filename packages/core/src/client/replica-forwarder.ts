import type { Dispatcher, Pool } from "undici";
import { BqdeployError } from "../errors/index.js";
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
const EMPTY = Buffer.alloc(0);

/**
 * Passes requests on to the replicas of a deployment over keep-alive undici pools, round robin per
 * group (a deployment id). A replica that refuses the connection is skipped for the next one (the
 * request never reached it, so even a POST is safe to send again); other failures are not repeated.
 * Errors: UNAVAILABLE (no replica reachable), DEADLINE_EXCEEDED, CONNECTION_FAILED.
 *
 * `dispatch()` is the hot path (one handler object per request on undici's dispatch API, the answer
 * read into one Buffer, no streams, promises or closures); `forward()` is the same as a promise.
 */
export class ReplicaForwarder {
  /** Pools by origin. */
  private readonly pools = new Map<string, Pool>();
  /** The pool of each endpoint as given (so that a request parses no URL). */
  private readonly byEndpoint = new Map<string, Pool>();
  private readonly cursors = new Map<string, number>();
  private readonly timeoutMs: number;
  private readonly connections: number;
  /** undici, imported on the first request (not with core: it is ~1 MB of JavaScript). */
  private undici: typeof import("./undici.js") | undefined;
  private loading: Promise<typeof import("./undici.js")> | undefined;

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
    const exchange = new Exchange(this, group, endpoints, start, request, handler);
    if (this.undici) {
      exchange.attempt();
      return;
    }
    this.loading ??= import("./undici.js");
    this.loading.then(
      (undici) => {
        this.undici = undici;
        exchange.attempt();
      },
      (err: unknown) =>
        handler.onForwarded(
          new BqdeployError("INTERNAL", `Could not load the HTTP client (undici): ${String(err)}`, {
            cause: err,
          }),
          undefined,
        ),
    );
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
        return pool.close().catch(() => {});
      }),
    );
  }

  /** Closes every pool. */
  async close(): Promise<void> {
    await this.retain([]);
  }

  /** @internal The pool for `endpoint` (created on first use). */
  poolOf(endpoint: string): Pool {
    let pool = this.byEndpoint.get(endpoint);
    if (pool) return pool;
    const origin = originOf(endpoint);
    pool = this.pools.get(origin);
    if (!pool) {
      pool = new this.undici!.Pool(origin, { connections: this.connections, keepAliveTimeout: 10_000 });
      this.pools.set(origin, pool);
    }
    this.byEndpoint.set(endpoint, pool);
    return pool;
  }

  /** @internal */
  get timeout(): number {
    return this.timeoutMs;
  }

  /** @internal The error for a failure of `endpoint` that is not worth another replica. */
  failure(endpoint: string, err: unknown): BqdeployError {
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

function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}

/**
 * One forwarded request: undici's dispatch handler (status, content type and body chunks, no
 * header object or stream), moving on to the next replica when one refuses the connection.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private tries = 0;
  private endpoint = "";
  private status = 0;
  private contentType = DEFAULT_CONTENT_TYPE;
  private first: Buffer | undefined;
  private rest: Buffer[] | undefined;
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
    this.status = 0;
    this.contentType = DEFAULT_CONTENT_TYPE;
    this.first = undefined;
    this.rest = undefined;
    let pool: Pool;
    try {
      pool = this.forwarder.poolOf(this.endpoint);
    } catch (err) {
      this.onError(err as Error);
      return;
    }
    const timeout = this.forwarder.timeout;
    pool.dispatch(
      {
        method: request.method as Dispatcher.HttpMethod,
        path: request.path,
        headers: request.headers ?? null,
        body: request.body ?? null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      },
      this,
    );
  }

  // undici's handler hooks (the callback form its HTTP/1 client calls directly: raw headers, no
  // controller objects).
  onConnect(): void {}

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    if (status < 200) return true; // informational; the answer follows
    this.status = status;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length === 12 && name.toString("latin1").toLowerCase() === "content-type") {
        this.contentType = rawHeaders[i + 1]!.toString("latin1");
        break;
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.first === undefined) this.first = chunk;
    else if (this.rest === undefined) this.rest = [this.first, chunk];
    else this.rest.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    const body = this.rest ? Buffer.concat(this.rest) : (this.first ?? EMPTY);
    this.handler.onForwarded(undefined, {
      status: this.status,
      contentType: this.contentType,
      body,
      endpoint: this.endpoint,
    });
  }

  onError(err: Error): void {
    // undici reports an exception thrown by the handler as an error of the request: never tell twice.
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
