import type { Logger } from "../../logging/logger.js";
import { runClassify, runRegress } from "../../protocol/classify-regress.js";
import {
  decodeExamplesRequest,
  encodeClassifyResponse,
  encodeRegressResponse,
} from "../../protocol/examples.js";
import { renderModelMetadata, renderModelStatus } from "../../protocol/model-status.js";
import { parseRequestBody } from "../../protocol/predict-request.js";
import { predictNow, runPredict } from "../../protocol/run-predict.js";
import { isServingPath, parseRoute, type ServingRoute } from "../../protocol/routes.js";
import type { ServableSource } from "../../protocol/servable.js";
import { errorBody, isServingError, ServingError } from "../../protocol/serving-error.js";
import { toServingError } from "../../protocol/to-serving-error.js";
import { bearerTokenCheck } from "./bearer-token.js";
import { DeadlineWatch } from "./deadline-watch.js";
import { RequestMetrics } from "./request-metrics.js";
import { resolveServable, statusVersions } from "./resolve-servable.js";

/** A request as the TF Serving protocol sees it: method, path (query allowed), headers, whole body. */
export interface TfServingRequest {
  method: string;
  path: string;
  /** Lower-case header names, as node:http gives them. */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

export interface TfServingResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface TfServingHandlerOptions {
  logger?: Logger;
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  token?: string;
  /** Largest request body accepted (413 beyond). Default 32 MiB. */
  maxBodyBytes?: number;
  /** Serve /monitoring/prometheus/metrics. Default true. */
  metrics?: boolean;
  /** Add CORS headers and answer preflight requests (TF Serving's --rest_api_enable_cors_support). */
  cors?: boolean;
  /** Deadline of one predict/classify/regress (504 DEADLINE_EXCEEDED beyond); 0 for none. Default 30 000. */
  requestTimeoutMs?: number;
}

/** Answers one request; never throws. Also exposes the metrics it keeps. */
export type TfServingDispatcher = ((request: TfServingRequest) => Promise<TfServingResponse>) & {
  metrics: RequestMetrics;
  /**
   * The same answer, given at once when it needs no waiting (a predict on a servable that runs
   * synchronously: the engine), else as a promise. Throws only for an internal failure.
   */
  respond(request: TfServingRequest): TfServingResponse | Promise<TfServingResponse>;
};

export const METRICS_PATH = "/monitoring/prometheus/metrics";
const JSON_TYPE = "application/json";

/**
 * The TF Serving REST protocol over a ServableSource, independent of any HTTP server: the fake, the
 * embedded runtime and the API's proxy all answer through it.
 */
export function createTfServingDispatcher(
  source: ServableSource,
  options: TfServingHandlerOptions = {},
): TfServingDispatcher {
  const metrics = new RequestMetrics();
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const deadlines = timeoutMs > 0 ? new DeadlineWatch(timeoutMs) : undefined;
  const authorized = options.token === undefined ? undefined : bearerTokenCheck(options.token);
  const corsHeaders: Record<string, string> = options.cors
    ? {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "POST, GET",
        "access-control-allow-headers":
          options.token === undefined ? "Content-Type" : "Content-Type, Authorization",
      }
    : {};
  const reply = (status: number, body: string, type = JSON_TYPE): TfServingResponse => ({
    status,
    headers: options.cors ? { "content-type": type, ...corsHeaders } : { "content-type": type },
    body,
  });

  const record = (route: ServingRoute, status: string, started: number): void => {
    if (options.metrics !== false) {
      metrics.record(route.model, route.verb, status, Math.round((performance.now() - started) * 1000));
    }
  };
  const failed = (route: ServingRoute, path: string, err: unknown, started: number): TfServingResponse => {
    const error = toServingError(err);
    if (error.httpStatus >= 500)
      options.logger?.warn("TF Serving request failed", { path, error: error.message });
    record(route, error.code, started);
    return reply(error.httpStatus, error.toBody());
  };
  /** Waits for an answer computed asynchronously (under the request deadline). */
  const settle = async (
    route: ServingRoute,
    path: string,
    work: Promise<string>,
    started: number,
  ): Promise<TfServingResponse> => {
    try {
      const body = await (route.verb === "status" || !deadlines ? work : deadlines.guard(work, started));
      record(route, "OK", started);
      return reply(200, body);
    } catch (err) {
      return failed(route, path, err, started);
    }
  };

  const respond = (request: TfServingRequest): TfServingResponse | Promise<TfServingResponse> => {
    const { method, path } = request;
    if (options.cors && method === "OPTIONS") return reply(204, "");
    if (authorized && !authorized(header(request, "authorization"))) {
      const res = reply(
        401,
        errorBody(
          "Missing or wrong bearer token: send the header 'Authorization: Bearer <token>' with the token this server was started with.",
        ),
      );
      res.headers["www-authenticate"] = "Bearer";
      return res;
    }
    if (!isServingPath(path)) {
      if (options.metrics !== false && method === "GET" && path.split("?")[0] === METRICS_PATH) {
        return reply(200, metrics.render(), "text/plain; version=0.0.4");
      }
      return reply(
        404,
        errorBody(`Not found: ${method} ${path}. TF Serving's REST API lives under /v1/models/...`),
      );
    }
    const started = performance.now();
    const route = parseRoute(method, path);
    if (isServingError(route)) return reply(route.httpStatus, route.toBody());
    let work: string | Promise<string>;
    try {
      work =
        route.verb === "predict" ? predict(source, route, request.body) : answer(source, route, request.body);
    } catch (err) {
      return failed(route, path, err, started);
    }
    if (typeof work !== "string") return settle(route, path, work, started);
    // Computed synchronously: no deadline can pass while it runs.
    record(route, "OK", started);
    return reply(200, work);
  };
  const dispatch = (request: TfServingRequest): Promise<TfServingResponse> => {
    try {
      return Promise.resolve(respond(request));
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return Object.assign(dispatch, { metrics, respond });
}

/** A predict's answer: at once when the servable runs synchronously. */
function predict(source: ServableSource, route: ServingRoute, body: string): string | Promise<string> {
  // The body is parsed before the servable is looked up, as TF Serving does (JSON errors win over 404).
  const parsed = parseRequestBody(body);
  const { servable } = resolveServable(source, route);
  return predictNow(servable, parsed.json) ?? runPredict(servable, parsed.json);
}

function header(request: TfServingRequest, name: string): string | undefined {
  const value = request.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

async function answer(source: ServableSource, route: ServingRoute, body: string): Promise<string> {
  switch (route.verb) {
    case "status":
      return renderModelStatus(statusVersions(source, route));
    case "metadata": {
      const { version, servable } = resolveServable(source, route);
      return renderModelMetadata(route.model, version, servable.signatures);
    }
    case "predict":
      return predict(source, route, body);
    case "classify": {
      const request = decodeExamplesRequest(body, "classify");
      return encodeClassifyResponse(await runClassify(resolveServable(source, route).servable, request));
    }
    case "regress": {
      const request = decodeExamplesRequest(body, "regress");
      return encodeRegressResponse(await runRegress(resolveServable(source, route).servable, request));
    }
    default:
      throw new ServingError("UNIMPLEMENTED", `Unknown verb ${String((route as ServingRoute).verb)}`);
  }
}
