import { BqdeployError } from "../errors/index.js";
import { errorBody } from "../protocol/serving-error.js";
import type { TfServingRequest, TfServingResponse } from "../serving/http/dispatch.js";
import type { InProcessReplica } from "../serving/http/in-process-replica.js";
import { tooLargeBody } from "../serving/http/node-handler.js";
import type { ForwardedRequest, ForwardHandler } from "./replica-forwarder.js";

export interface InProcessForwarderOptions {
  /** Deadline for a replica's answer (ms), as ReplicaForwarder's. Default 30 000. */
  timeoutMs?: number;
}

const JSON_TYPE = "application/json";
type Headers = TfServingRequest["headers"];

/**
 * Hands requests to replicas running in this process (InProcessReplica) with ReplicaForwarder's
 * contract: the same ForwardHandler, told once of the replica's answer, or of DEADLINE_EXCEEDED when
 * it takes longer than `timeoutMs`. The replica gets what it would get over HTTP: the body as UTF-8
 * text (413 past its limit) and the headers given; its answer is passed on as it would come back.
 *
 * Per request: one exchange object (the dispatcher's request and the deadline entry in one) and one
 * async call, no timer (one sweep runs while requests are pending), no closures.
 */
export class InProcessForwarder {
  /** @internal Exchanges waiting for their answer. */
  readonly pending = new Set<InProcessExchange>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;
  readonly timeoutMs: number;

  constructor(options: InProcessForwarderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.tickMs = Math.max(1, Math.min(250, Math.floor(this.timeoutMs / 4)));
  }

  /**
   * Sends `request` to `replica`, telling `handler` exactly once (possibly before this returns).
   * False, with nothing sent or told, when the replica is closed (stopped): send it elsewhere.
   */
  dispatch(replica: InProcessReplica, request: ForwardedRequest, handler: ForwardHandler): boolean {
    if (!replica.acquire()) return false;
    const { body } = request;
    let text = "";
    if (typeof body === "string") text = body;
    else if (body !== undefined) {
      if (body.byteLength > replica.maxBodyBytes) {
        replica.release();
        handler.onForwarded(undefined, {
          status: 413,
          contentType: JSON_TYPE,
          body: Buffer.from(tooLargeBody(body.byteLength, replica.maxBodyBytes)),
          endpoint: replica.endpoint,
        });
        return true;
      }
      text = (
        Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      ).toString();
    }
    const exchange = new InProcessExchange(this, replica, request, text, handler);
    let answer: TfServingResponse | Promise<TfServingResponse>;
    try {
      answer = replica.dispatch.respond(exchange);
    } catch (err) {
      answer = internalError(err);
    }
    if (!(answer instanceof Promise)) {
      // Answered synchronously (an engine predict): no deadline to watch.
      replica.release();
      exchange.answer(answer);
      return true;
    }
    this.pending.add(exchange);
    this.timer ??= setInterval(() => this.sweep(), this.tickMs).unref();
    void exchange.wait(answer);
    return true;
  }

  /** Stops the deadline sweep (requests still pending get their answers, without a deadline). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    const now = performance.now();
    for (const exchange of this.pending) if (now >= exchange.due) exchange.expire();
    if (this.pending.size === 0) this.close();
  }
}

/** One request to an in-process replica: the dispatcher's request, and its way back to the handler. */
class InProcessExchange implements TfServingRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly due: number;
  private settled = false;

  constructor(
    private readonly forwarder: InProcessForwarder,
    private readonly replica: InProcessReplica,
    request: ForwardedRequest,
    readonly body: string,
    private readonly handler: ForwardHandler,
  ) {
    this.method = request.method;
    this.path = request.path;
    this.headers = headerRecord(request.headers);
    this.due = performance.now() + forwarder.timeoutMs;
  }

  async wait(later: Promise<TfServingResponse>): Promise<void> {
    let answer: TfServingResponse;
    try {
      answer = await later;
    } catch (err) {
      answer = internalError(err);
    } finally {
      this.replica.release();
    }
    this.answer(answer);
  }

  /** Tells the handler the replica's answer, unless the deadline was told already. */
  answer(answer: TfServingResponse): void {
    if (this.settled) return;
    this.settle();
    this.tell(undefined, answer);
  }

  expire(): void {
    this.settle();
    const { endpoint } = this.replica;
    const { timeoutMs } = this.forwarder;
    this.tell(
      new BqdeployError(
        "DEADLINE_EXCEEDED",
        `${endpoint} did not answer within ${timeoutMs} ms; check the deployment's load and logs.`,
        { details: { endpoint, timeoutMs } },
      ),
      undefined,
    );
  }

  private settle(): void {
    this.settled = true;
    this.forwarder.pending.delete(this);
  }

  private tell(error: BqdeployError | undefined, answer: TfServingResponse | undefined): void {
    try {
      this.handler.onForwarded(
        error,
        answer && {
          status: answer.status,
          contentType: answer.headers["content-type"] ?? JSON_TYPE,
          body: Buffer.from(answer.body),
          endpoint: this.replica.endpoint,
        },
      );
    } catch {
      // A handler that throws has answered already or cannot: as with ReplicaForwarder, not retold.
    }
  }
}

/** The dispatcher answers every request itself; as the HTTP handler, 500 should it ever fail. */
function internalError(err: unknown): TfServingResponse {
  return { status: 500, headers: {}, body: errorBody(String(err)) };
}

/** Headers as the dispatcher reads them (lower-case names, the first of each). */
function headerRecord(headers: ForwardedRequest["headers"]): Headers {
  if (headers === undefined || !Array.isArray(headers)) return headers;
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!.toLowerCase();
    record[name] ??= headers[i + 1]!;
  }
  return record;
}
