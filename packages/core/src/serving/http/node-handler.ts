import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ServableSource } from "../../protocol/servable.js";
import { errorBody } from "../../protocol/serving-error.js";
import {
  createTfServingDispatcher,
  type TfServingDispatcher,
  type TfServingHandlerOptions,
  type TfServingResponse,
} from "./dispatch.js";

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A node:http request listener that speaks TF Serving's REST protocol; `dispatch` answers in-process. */
export type TfServingHandler = RequestListener & { dispatch: TfServingDispatcher };

/**
 * The one HTTP handler of every TF-Serving-compatible server bqdeploy runs (fake, embedded runtime).
 * Reads the body (413 beyond `maxBodyBytes`), answers through the protocol dispatcher, never throws.
 */
export function createTfServingHandler(
  source: ServableSource,
  options: TfServingHandlerOptions = {},
): TfServingHandler {
  const dispatch = createTfServingDispatcher(source, options);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // One answering function for all requests (no closure per request).
  const answer = (body: string, req: IncomingMessage, res: ServerResponse): void => {
    let answered: TfServingResponse | Promise<TfServingResponse>;
    try {
      answered = dispatch.respond({
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: req.headers,
        body,
      });
    } catch (err) {
      internalError(res, err);
      return;
    }
    // A synchronous servable's answer is written in the tick its request arrived.
    if (answered instanceof Promise) {
      answered.then(
        (a) => writeTfServingResponse(res, a),
        (err: unknown) => internalError(res, err),
      );
    } else writeTfServingResponse(res, answered);
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void =>
    readRequestBody(req, res, limit, answer);
  return Object.assign(listener, { dispatch });
}

/**
 * Reads a whole request body as UTF-8 and calls `onBody` with it (and the request and response); past
 * `limit` bytes it answers 413 itself (and closes the connection) instead. Stream errors destroy the
 * response. The listeners are shared functions reading their state from the request (no closures).
 */
export function readRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  onBody: (body: string, req: IncomingMessage, res: ServerResponse) => void,
): void {
  const reading = req as ReadingRequest;
  reading[BODY] = { res, limit, onBody, first: undefined, rest: undefined, size: 0 };
  req.on("error", onBodyError);
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    tooLarge(req, res, declared, limit);
    return;
  }
  req.on("data", onBodyData);
  req.on("end", onBodyEnd);
}

const BODY = Symbol("bqdeploy.requestBody");

interface BodyState {
  res: ServerResponse;
  limit: number;
  onBody: (body: string, req: IncomingMessage, res: ServerResponse) => void;
  first: Buffer | undefined;
  rest: Buffer[] | undefined;
  size: number;
}

type ReadingRequest = IncomingMessage & { [BODY]: BodyState };

function onBodyError(this: ReadingRequest): void {
  this[BODY].res.destroy();
}

function onBodyData(this: ReadingRequest, chunk: Buffer): void {
  const state = this[BODY];
  state.size += chunk.length;
  if (state.size > state.limit) {
    this.off("data", onBodyData);
    tooLarge(this, state.res, state.size, state.limit);
  } else if (state.first === undefined) state.first = chunk;
  else if (state.rest === undefined) state.rest = [state.first, chunk];
  else state.rest.push(chunk);
}

function onBodyEnd(this: ReadingRequest): void {
  const state = this[BODY];
  if (state.size > state.limit) return;
  const body = state.rest ? Buffer.concat(state.rest).toString() : (state.first?.toString() ?? "");
  state.onBody(body, this, state.res);
}

/** Writes a dispatcher's answer (adding Content-Length to its headers) unless the response is already gone. */
export function writeTfServingResponse(res: ServerResponse, answer: TfServingResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = answer.headers;
  headers["content-length"] = Buffer.byteLength(answer.body);
  headers["content-type"] ??= "application/json";
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** The 413 body for a request of `size` bytes over `limit` (TF Serving's error shape). */
export function tooLargeBody(size: number, limit: number): string {
  return errorBody(
    `Request body of ${size} bytes exceeds the limit of ${limit} bytes; send fewer instances per request.`,
  );
}

function internalError(res: ServerResponse, err: unknown): void {
  writeTfServingResponse(res, { status: 500, headers: {}, body: errorBody(String(err)) });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, size: number, limit: number): void {
  req.resume();
  const body = tooLargeBody(size, limit);
  res.setHeader("connection", "close");
  writeTfServingResponse(res, { status: 413, headers: { "content-type": "application/json" }, body });
}
