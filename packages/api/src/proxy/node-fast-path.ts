import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerTokenCheck, errorBody } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import type { ApiMetrics } from "../http/api-metrics.js";
import { UNAUTHORIZED_MESSAGE } from "../http/middleware.js";
import { tooLargeBody } from "./serving-middleware.js";
import type { ServingLabels, ServingProxy, ServingResponder } from "./serving-proxy.js";

const JSON_TYPE = "application/json";
const ANY_ROUTE = "/v1/*";

/** What every exchange of one handler shares. */
interface Shared {
  proxy: ServingProxy;
  logger: PinoLogger;
  maxBodyBytes: number;
  tooLarge: string;
  /** The labels of answers given before a route is known (401, 413), per method. */
  labelsFor(method: string): ServingLabels;
}

/**
 * The /v1 proxy straight on node:http (no web Request/Response conversion): the hot path of
 * predictions. Same token check, body limit, metrics and log line as the Hono route. Per request: the
 * headers it needs read from `rawHeaders`, one exchange object (no closures: the body listeners are
 * shared functions), the body kept as the Buffer node:http gives, one `writeHead` + `end`.
 */
export function nodeServingHandler(
  proxy: ServingProxy,
  options: { token?: string; maxBodyBytes: number; metrics: ApiMetrics; logger: PinoLogger },
): (req: IncomingMessage, res: ServerResponse) => void {
  const authorized = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const { metrics, logger, maxBodyBytes } = options;
  const unauthorized = errorBody(UNAUTHORIZED_MESSAGE);
  const errorLabels = new Map<string, ServingLabels>();
  const shared: Shared = {
    proxy,
    logger,
    maxBodyBytes,
    tooLarge: tooLargeBody(maxBodyBytes),
    labelsFor(method) {
      let labels = errorLabels.get(method);
      if (!labels) {
        labels = { route: ANY_ROUTE, model: "", series: metrics.series(method, ANY_ROUTE, "") };
        // node:http only accepts known methods; keep a few anyway.
        if (errorLabels.size < 16) errorLabels.set(method, labels);
      }
      return labels;
    },
  };

  return (req, res) => {
    const exchange = new NodeExchange(shared, req, res);
    let authorization: string | undefined;
    let contentLength: string | undefined;
    const raw = req.rawHeaders;
    // The first of each, as node:http's `req.headers` keeps them.
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i]!;
      if (name.length === 13 && authorization === undefined && name.toLowerCase() === "authorization") {
        authorization = raw[i + 1];
      } else if (
        name.length === 14 &&
        contentLength === undefined &&
        name.toLowerCase() === "content-length"
      ) {
        contentLength = raw[i + 1];
      }
    }
    if (authorized && !authorized(authorization)) {
      req.resume();
      exchange.reply(401, JSON_TYPE, unauthorized, shared.labelsFor(exchange.method));
      return;
    }
    if (Number(contentLength) > maxBodyBytes) {
      req.resume();
      exchange.reply(413, JSON_TYPE, shared.tooLarge, shared.labelsFor(exchange.method));
      return;
    }
    (req as ExchangeRequest)[EXCHANGE] = exchange;
    req.on("error", onRequestError);
    req.on("data", onRequestData);
    req.on("end", onRequestEnd);
  };
}

const EXCHANGE = Symbol("bqdeploy.servingExchange");
type ExchangeRequest = IncomingMessage & { [EXCHANGE]: NodeExchange };

function onRequestError(this: ExchangeRequest): void {
  this[EXCHANGE].res.destroy();
}

function onRequestData(this: ExchangeRequest, chunk: Buffer): void {
  this[EXCHANGE].add(chunk);
}

function onRequestEnd(this: ExchangeRequest): void {
  this[EXCHANGE].complete();
}

/** One /v1 request on node:http: its body as it arrives, then the proxy's answer. */
class NodeExchange implements ServingResponder {
  readonly started = performance.now();
  readonly method: string;
  readonly path: string;
  private first: Buffer | undefined;
  private chunks: Buffer[] | undefined;
  private size = 0;

  constructor(
    private readonly shared: Shared,
    private readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.method = req.method ?? "GET";
    this.path = req.url ?? "/";
  }

  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.shared.maxBodyBytes) return;
    if (this.first === undefined) this.first = chunk;
    else if (this.chunks === undefined) this.chunks = [this.first, chunk];
    else this.chunks.push(chunk);
  }

  complete(): void {
    const { shared, method } = this;
    if (this.size > shared.maxBodyBytes) {
      this.reply(413, JSON_TYPE, shared.tooLarge, shared.labelsFor(method));
      return;
    }
    const body = method === "POST" ? (this.chunks ? Buffer.concat(this.chunks) : this.first) : undefined;
    this.first = undefined;
    this.chunks = undefined;
    shared.proxy(method, this.path, body, this);
  }

  reply(status: number, contentType: string, body: Uint8Array | string, labels: ServingLabels): void {
    const { res } = this;
    if (!res.headersSent && !res.destroyed) {
      try {
        write(res, status, contentType, body);
      } catch {
        res.destroy();
      }
    }
    const seconds = (performance.now() - this.started) / 1000;
    labels.series.observe(status, seconds);
    const { logger } = this.shared;
    if (logger.isLevelEnabled("info")) {
      const requestId = this.req.headers["x-request-id"];
      const reqId = typeof requestId === "string" ? requestId.slice(0, 64) : randomUUID();
      const q = this.path.indexOf("?");
      logger.info(
        {
          reqId,
          method: this.method,
          path: q < 0 ? this.path : this.path.slice(0, q),
          status,
          ms: Math.round(seconds * 10_000) / 10,
        },
        "request",
      );
    }
  }
}

/**
 * Status, Content-Type and Content-Length, and the body: one writeHead and one end (node:http corks
 * the socket and sends header and body with one writev).
 */
function write(res: ServerResponse, status: number, contentType: string, body: Uint8Array | string): void {
  const length = typeof body === "string" ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(status, headerList(status, contentType, length));
  res.end(body);
}

function headerList(status: number, contentType: string, length: number): string[] {
  const headers = ["content-type", contentType, "content-length", String(length)];
  if (status === 401) headers.push("www-authenticate", "Bearer");
  if (status === 413) headers.push("connection", "close");
  return headers;
}
