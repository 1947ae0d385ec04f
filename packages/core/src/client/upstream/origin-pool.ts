import { type ConnectionOwner, IDLE, type UpstreamCallback, UpstreamConnection } from "./connection.js";
import { type SerializedRequest, serializeRequest } from "./request-writer.js";
import { DEFAULT_RESPONSE_LIMITS, type ResponseLimits } from "./response-parser.js";
import { UpstreamError } from "./upstream-error.js";

export interface OriginPoolOptions {
  /** Deadline for an answer head after the request is sent, and for each gap in the body (ms). */
  timeoutMs: number;
  /** Connections at most; requests beyond wait for one to be free. */
  connections: number;
  /** How long an idle connection is kept (ms); less when the replica says it keeps it less. */
  keepAliveTimeoutMs: number;
  /** Deadline for opening a connection (ms); a request that passes it was never sent. */
  connectTimeoutMs?: number;
  limits?: ResponseLimits;
}

/** A request waiting for a connection. */
interface Waiting {
  request: SerializedRequest;
  callback: UpstreamCallback;
}

/** Peers that announce a keep-alive time may close just at its end: stop reusing a little earlier. */
const KEEP_ALIVE_MARGIN_MS = 1_000;

/**
 * Keep-alive HTTP/1.1 connections to one origin (`http://host:port`): a free connection carries the
 * next request (the most recently used first, so that spare ones age out), a new one is opened while
 * fewer than `connections` exist, otherwise the request waits in order. One timer per pool checks the
 * deadlines of busy connections and the age of idle ones.
 */
export class OriginPool implements ConnectionOwner {
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly limits: ResponseLimits;
  private readonly maxConnections: number;
  private readonly keepAliveTimeoutMs: number;
  private readonly hostHeader: string;
  private readonly connections = new Set<UpstreamConnection>();
  private readonly idle: UpstreamConnection[] = [];
  private queue: Waiting[] = [];
  private queueHead = 0;
  private readonly timer: NodeJS.Timeout;
  private closing = false;
  private closed: (() => void) | undefined;
  private closedPromise: Promise<void> | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    options: OriginPoolOptions,
  ) {
    this.timeoutMs = options.timeoutMs;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.limits = options.limits ?? DEFAULT_RESPONSE_LIMITS;
    this.maxConnections = Math.max(1, options.connections);
    this.keepAliveTimeoutMs = options.keepAliveTimeoutMs;
    // As in the origin: an IPv6 address in brackets, the port unless it is http's own.
    const name = host.includes(":") ? `[${host}]` : host;
    this.hostHeader = port === 80 ? name : `${name}:${port}`;
    const tick = Math.min(
      1_000,
      Math.max(10, Math.floor(Math.min(this.timeoutMs, this.keepAliveTimeoutMs) / 8)),
    );
    this.timer = setInterval(() => this.sweep(), tick);
    this.timer.unref();
  }

  /** Connections open or opening. */
  get size(): number {
    return this.connections.size;
  }

  /** Requests waiting for a connection. */
  get waiting(): number {
    return this.queue.length - this.queueHead;
  }

  /**
   * Sends a request; `callback` is told exactly once (never before this returns, except for a request
   * that cannot be written, or a pool closed already).
   */
  send(
    method: string,
    path: string,
    headers: Record<string, string> | readonly string[] | undefined,
    body: string | Uint8Array | undefined,
    callback: UpstreamCallback,
  ): void {
    if (this.closing) {
      callback.onUpstreamError(new UpstreamError("ERR_UPSTREAM_POOL_CLOSED", "the pool is closed"));
      return;
    }
    let request: SerializedRequest;
    try {
      request = serializeRequest(this.hostHeader, method, path, headers, body);
    } catch (err) {
      callback.onUpstreamError(err as Error);
      return;
    }
    const connection = this.idle.pop();
    if (connection !== undefined) connection.send(request, callback);
    else if (this.connections.size < this.maxConnections) this.open(request, callback);
    else this.queue.push({ request, callback });
  }

  /** Stops taking requests; resolves once the requests under way (and waiting) are done and every connection closed. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.closedPromise = new Promise((resolve) => {
        this.closed = resolve;
      });
      for (const connection of this.idle.splice(0)) connection.close();
      this.checkClosed();
    }
    return this.closedPromise!;
  }

  release(connection: UpstreamConnection): void {
    const next = this.dequeue();
    if (next !== undefined) {
      connection.send(next.request, next.callback);
      return;
    }
    const peer = connection.peerKeepAliveMs;
    if (this.closing || (peer !== undefined && peer <= KEEP_ALIVE_MARGIN_MS)) {
      connection.close();
      return;
    }
    this.idle.push(connection);
  }

  remove(connection: UpstreamConnection): void {
    if (!this.connections.delete(connection)) return;
    const at = this.idle.indexOf(connection);
    if (at >= 0) this.idle.splice(at, 1);
    // A place is free: a waiting request gets a new connection.
    const next = this.dequeue();
    if (next !== undefined) this.open(next.request, next.callback);
    else this.checkClosed();
  }

  private open(request: SerializedRequest, callback: UpstreamCallback): void {
    this.connections.add(new UpstreamConnection(this, this.host, this.port, request, callback));
  }

  private dequeue(): Waiting | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const next = this.queue[this.queueHead]!;
    this.queue[this.queueHead] = undefined as unknown as Waiting;
    this.queueHead++;
    if (this.queueHead === this.queue.length) {
      this.queue = [];
      this.queueHead = 0;
    } else if (this.queueHead >= 1024 && this.queueHead * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.queueHead);
      this.queueHead = 0;
    }
    return next;
  }

  private checkClosed(): void {
    if (this.closing && this.connections.size === 0 && this.closed !== undefined) {
      clearInterval(this.timer);
      const resolve = this.closed;
      this.closed = undefined;
      resolve();
    }
  }

  /** Fails requests past their deadline and closes connections idle for too long. */
  private sweep(): void {
    if (this.connections.size === 0) return;
    const now = performance.now();
    for (const connection of this.connections) {
      if (connection.state === IDLE) {
        let keep = this.keepAliveTimeoutMs;
        const peer = connection.peerKeepAliveMs;
        if (peer !== undefined) keep = Math.min(keep, Math.max(0, peer - KEEP_ALIVE_MARGIN_MS));
        if (now - connection.idleSince >= keep) connection.close();
      } else if (connection.active && now >= connection.deadline) {
        connection.expire();
      }
    }
  }
}
