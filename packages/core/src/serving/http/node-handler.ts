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
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    readRequestBody(req, res, limit, (body) => {
      let answer: TfServingResponse | Promise<TfServingResponse>;
      try {
        answer = dispatch.respond({
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
      if (answer instanceof Promise) {
        answer.then(
          (a) => writeTfServingResponse(res, a),
          (err: unknown) => internalError(res, err),
        );
      } else writeTfServingResponse(res, answer);
    });
  };
  return Object.assign(listener, { dispatch });
}

/**
 * Reads a whole request body as UTF-8 and calls `onBody` with it; past `limit` bytes it answers 413
 * itself (and closes the connection) instead. Stream errors destroy the response.
 */
export function readRequestBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  onBody: (body: string) => void,
): void {
  req.on("error", () => res.destroy());
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) {
    tooLarge(req, res, declared, limit);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > limit) {
      req.off("data", onData);
      tooLarge(req, res, size, limit);
    } else chunks.push(chunk);
  };
  req.on("data", onData);
  req.on("end", () => {
    if (size > limit) return;
    onBody(chunks.length === 1 ? chunks[0]!.toString() : Buffer.concat(chunks).toString());
  });
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
