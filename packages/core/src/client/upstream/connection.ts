import { connect, type Socket } from "node:net";
import { COMPLETE, type ResponseLimits, ResponseParser } from "./response-parser.js";
import type { SerializedRequest } from "./request-writer.js";
import { UpstreamError } from "./upstream-error.js";

/** Told exactly once how a request ended. */
export interface UpstreamCallback {
  onUpstreamResponse(status: number, contentType: string | undefined, body: Buffer): void;
  onUpstreamError(error: Error): void;
}

/** What a connection needs of its pool. */
export interface ConnectionOwner {
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly limits: ResponseLimits;
  /** The connection finished a request and may carry another. */
  release(connection: UpstreamConnection): void;
  /** The connection is closed (or closing) and must not be used again. */
  remove(connection: UpstreamConnection): void;
}

export const CONNECTING = 0;
export const IDLE = 1;
export const BUSY = 2;
export const CLOSED = 3;

/**
 * One buffer every connection reads into (node's `onread`: no stream chunks). Safe to share: a read
 * callback runs to its end before any other read, and the parser copies what it keeps.
 */
let readBuffer: Buffer | undefined;
const READ_BUFFER_SIZE = 64 * 1024;

/**
 * One keep-alive HTTP/1.1 connection to a replica, carrying one request at a time (no pipelining).
 * Its pool checks its `deadline` (connect, answer head, each gap in the body) and idle time.
 */
export class UpstreamConnection {
  state = CONNECTING;
  /** performance.now() by which the current step (connect, head, next body bytes) must happen. */
  deadline: number;
  /** performance.now() since the connection is idle. */
  idleSince = 0;
  /** How long the peer said it keeps an idle connection (Keep-Alive: timeout), if it did. */
  peerKeepAliveMs: number | undefined;
  private readonly socket: Socket;
  private readonly parser: ResponseParser;
  private callback: UpstreamCallback | undefined;
  private pending: SerializedRequest | undefined;

  constructor(
    private readonly owner: ConnectionOwner,
    host: string,
    port: number,
    request: SerializedRequest,
    callback: UpstreamCallback,
  ) {
    this.parser = new ResponseParser(owner.limits);
    this.callback = callback;
    this.pending = request;
    this.deadline = performance.now() + owner.connectTimeoutMs;
    readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_SIZE);
    const socket = connect({
      host,
      port,
      noDelay: true,
      onread: { buffer: readBuffer, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf) },
    });
    this.socket = socket;
    socket.on("connect", () => this.onConnect());
    socket.on("error", (err) => this.fail(err));
    socket.on("end", () => this.onEnd());
    socket.on("close", () => this.onClose());
  }

  /** True while connecting or carrying a request. */
  get active(): boolean {
    return this.state === CONNECTING || this.state === BUSY;
  }

  /** Sends `request` on this (idle) connection. */
  send(request: SerializedRequest, callback: UpstreamCallback): void {
    this.callback = callback;
    this.state = BUSY;
    this.write(request);
  }

  /** Called by the pool when the deadline passed. */
  expire(): void {
    if (this.state === CONNECTING) {
      this.fail(
        new UpstreamError(
          "ERR_UPSTREAM_CONNECT_TIMEOUT",
          `no connection within ${this.owner.connectTimeoutMs} ms`,
        ),
      );
    } else if (this.state === BUSY) {
      this.fail(
        this.parser.status === 0
          ? new UpstreamError(
              "ERR_UPSTREAM_HEADERS_TIMEOUT",
              `no answer head within ${this.owner.timeoutMs} ms`,
            )
          : new UpstreamError("ERR_UPSTREAM_BODY_TIMEOUT", `no body bytes for ${this.owner.timeoutMs} ms`),
      );
    }
  }

  /** Closes the connection; a request on it fails with `error`. */
  close(error?: Error): void {
    this.fail(error ?? new UpstreamError("ERR_UPSTREAM_POOL_CLOSED", "the connection was closed"));
  }

  private onConnect(): void {
    if (this.state !== CONNECTING) return;
    this.state = BUSY;
    const request = this.pending!;
    this.pending = undefined;
    this.write(request);
  }

  private write(request: SerializedRequest): void {
    this.deadline = performance.now() + this.owner.timeoutMs;
    const { socket } = this;
    if (request.tail === undefined) {
      socket.write(request.head);
      return;
    }
    socket.cork();
    socket.write(request.head);
    socket.write(request.tail);
    socket.uncork();
  }

  /** Bytes read into the shared buffer (true: keep reading). */
  private onRead(n: number, buf: Uint8Array): boolean {
    if (this.state !== BUSY) {
      // Bytes nobody asked for: the peer is not speaking HTTP/1.1 as we do.
      this.fail(new UpstreamError("ERR_UPSTREAM_PROTOCOL", "malformed answer: bytes sent with no request"));
      return true;
    }
    const parser = this.parser;
    let done: number;
    try {
      done = parser.execute(Buffer.from(buf.buffer, buf.byteOffset, n));
    } catch (err) {
      this.fail(err as Error);
      return true;
    }
    if (done === COMPLETE) this.complete();
    else if (parser.status !== 0) this.deadline = performance.now() + this.owner.timeoutMs;
    return true;
  }

  private onEnd(): void {
    if (this.state !== BUSY) {
      this.fail(new UpstreamError("ERR_UPSTREAM_CLOSED", "other side closed the connection"));
      return;
    }
    let done: number;
    try {
      done = this.parser.finish();
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (done === COMPLETE) this.complete();
  }

  private onClose(): void {
    this.fail(new UpstreamError("ERR_UPSTREAM_CLOSED", "other side closed the connection"));
  }

  /** The answer is whole: the connection goes back to the pool (or away), then the request is told. */
  private complete(): void {
    const { parser } = this;
    const callback = this.callback!;
    const { status, contentType, body } = parser;
    const reusable = parser.keepAlive && parser.extra === 0;
    if (parser.keepAliveMs !== undefined) this.peerKeepAliveMs = parser.keepAliveMs;
    this.callback = undefined;
    parser.reset();
    if (reusable) {
      this.state = IDLE;
      this.idleSince = performance.now();
      this.owner.release(this);
    } else {
      this.state = CLOSED;
      this.socket.destroy();
      this.owner.remove(this);
    }
    tell(callback, undefined, status, contentType, body);
  }

  private fail(error: Error): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    const callback = this.callback;
    this.callback = undefined;
    this.pending = undefined;
    this.socket.destroy();
    this.owner.remove(this);
    if (callback !== undefined) tell(callback, error, 0, undefined, undefined);
  }
}

/** Tells a request's callback; an exception it throws is reported, not let into the socket's events. */
function tell(
  callback: UpstreamCallback,
  error: Error | undefined,
  status: number,
  contentType: string | undefined,
  body: Buffer | undefined,
): void {
  try {
    if (error) callback.onUpstreamError(error);
    else callback.onUpstreamResponse(status, contentType, body!);
  } catch (err) {
    process.emitWarning(`A request's answer callback threw: ${String(err)}`, "UpstreamCallbackWarning");
  }
}
