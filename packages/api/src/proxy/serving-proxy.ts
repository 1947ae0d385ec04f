import {
  type BqdeployError,
  createTfServingDispatcher,
  type ForwardedRequest,
  type ForwardedResponse,
  type ForwardHandler,
  errorBody,
  isServingError,
  parseRoute,
  type ReplicaRouter,
  type ServableSource,
  type ServingVerb,
  toBqdeployError,
} from "@bqdeploy/core";
import type { ApiMetrics, PredictionSeries, RequestSeries } from "../http/api-metrics.js";
import { httpStatusOf } from "../http/error-status.js";
import type { DeploymentTable, ModelRoute } from "./deployment-table.js";

// A source with no models: TF Serving's own answers for a model nobody serves (404 texts).
const NO_MODELS: ServableSource = {
  models: () => [],
  versions: () => undefined,
  labels: () => ({}),
  servable: () => undefined,
};
const unknownModel = createTfServingDispatcher(NO_MODELS, { metrics: false });

/** Labels of an answer for the request metrics, with their series bound. */
export interface ServingLabels {
  route: string;
  model: string;
  series: RequestSeries;
}

/** Receives the proxy's answer, exactly once. */
export interface ServingResponder {
  reply(status: number, contentType: string, body: Uint8Array | string, labels: ServingLabels): void;
}

/**
 * A /v1 request (authorized already): method, path with query string and its whole body. Never
 * throws; answers through `responder` (possibly before returning).
 */
export type ServingProxy = (
  method: string,
  path: string,
  body: Uint8Array | undefined,
  responder: ServingResponder,
) => void;

const JSON_TYPE = "application/json";
/** Headers of every request to a replica (a flat list the forwarder writes as is). */
const FORWARDED_HEADERS = ["content-type", JSON_TYPE];
const ANY_ROUTE = "/v1/*";
// Bindings are only kept for models that have a deployment; this bounds them anyway.
const MAX_BOUND_MODELS = 1_000;

/** Labels of a route on a model, with its prediction counter (predict, classify and regress). */
interface RouteLabels extends ServingLabels {
  predictions: PredictionSeries | undefined;
}

/** A model's pre-bound metric series, per verb. */
type ModelBindings = Partial<Record<ServingVerb, RouteLabels>>;

/**
 * TF Serving's REST API under /v1, passed on unchanged to a ready deployment of the model named in
 * the path (round robin over its replicas). A model no deployment serves gets TF Serving's 404; one
 * whose deployments are not ready gets 503 `{"error": ...}`.
 *
 * core's ReplicaRouter picks the replica: round robin over all of them, straight to the replica's
 * own dispatcher for servers in this process (the embedded runtime's), over HTTP for the others.
 *
 * The hot path (a model whose route is cached) runs without promises of its own: route parse, cached
 * route, one dispatch, and the reply with pre-bound metric series.
 */
export function createServingProxy(
  table: DeploymentTable,
  router: ReplicaRouter,
  metrics: ApiMetrics,
): ServingProxy {
  const bound = new Map<string, ModelBindings>();

  /** The labels of `verb` on `model`; bound once per model when `keep` (it has deployments). */
  const labelsOf = (model: string, verb: ServingVerb, method: string, keep: boolean): RouteLabels => {
    let bindings = bound.get(model);
    if (!bindings) {
      if (!keep) return newLabels(model, verb, method);
      if (bound.size >= MAX_BOUND_MODELS) bound.clear();
      bindings = {};
      bound.set(model, bindings);
    }
    let labels = bindings[verb];
    if (!labels) {
      labels = newLabels(model, verb, method);
      bindings[verb] = labels;
    }
    return labels;
  };
  const newLabels = (model: string, verb: ServingVerb, method: string): RouteLabels => {
    const route = `/v1/models/{model}:${verb}`;
    const predicting = verb !== "status" && verb !== "metadata";
    return {
      route,
      model,
      series: metrics.series(method, route, model),
      predictions: predicting ? metrics.predictionSeries(model) : undefined,
    };
  };
  const errorLabels = (method: string): ServingLabels => ({
    route: ANY_ROUTE,
    model: "",
    series: metrics.series(method, ANY_ROUTE, ""),
  });

  /** Forwards to the route's replicas, or answers 404 / 503 for a model nobody serves or none ready. */
  const send = (
    route: ModelRoute | null,
    model: string,
    verb: ServingVerb,
    method: string,
    path: string,
    body: Uint8Array | undefined,
    responder: ServingResponder,
  ): void => {
    const call = new ProxiedCall(
      method,
      path,
      body,
      labelsOf(model, verb, method, route !== null),
      responder,
    );
    if (route === null) {
      const text = body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString() : "";
      unknownModel({ method, path, body: text }).then(
        (a) => call.answer(a.status, JSON_TYPE, a.body),
        (err) => call.fail(err),
      );
      return;
    }
    if (route.endpoints.length === 0) {
      const states = route.deployments.map((d) => `${d.id}: ${d.state}`).join(", ");
      const message = `No deployment of model ${model} is ready (${states}); wait until GET /deployments/{id} reports it available.`;
      call.answer(503, JSON_TYPE, errorBody(message));
      return;
    }
    router.dispatch(model, route, call, call);
  };

  return (method, path, body, responder) => {
    try {
      const parsed = parseRoute(method, path);
      if (isServingError(parsed)) {
        responder.reply(parsed.httpStatus, JSON_TYPE, parsed.toBody(), errorLabels(method));
        return;
      }
      const { model, verb } = parsed;
      const cached = table.cachedRoute(model);
      if (cached !== undefined) {
        send(cached, model, verb, method, path, body, responder);
        return;
      }
      const failed = (err: unknown): void =>
        new ProxiedCall(method, path, body, labelsOf(model, verb, method, false), responder).fail(err);
      table.routeOf(model).then((route) => {
        try {
          send(route, model, verb, method, path, body, responder);
        } catch (err) {
          failed(err);
        }
      }, failed);
    } catch (err) {
      const error = toBqdeployError(err);
      responder.reply(httpStatusOf(error.code), JSON_TYPE, errorBody(error.message), errorLabels(method));
    }
  };
}

/**
 * One request on its way to a replica: the request sent (over HTTP or in-process) and the handler
 * of the replica's answer in one object (no closures per request).
 */
class ProxiedCall implements ForwardedRequest, ForwardHandler {
  readonly headers = FORWARDED_HEADERS;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly body: Uint8Array | undefined,
    private readonly labels: RouteLabels,
    private readonly responder: ServingResponder,
  ) {}

  onForwarded(error: BqdeployError | undefined, answer: ForwardedResponse | undefined): void {
    if (error) this.fail(error);
    else this.answer(answer!.status, answer!.contentType, answer!.body);
  }

  answer(status: number, contentType: string, body: Uint8Array | string): void {
    this.labels.predictions?.observe(status);
    this.responder.reply(status, contentType, body, this.labels);
  }

  fail(err: unknown): void {
    const error = toBqdeployError(err);
    this.answer(httpStatusOf(error.code), JSON_TYPE, errorBody(error.message));
  }
}
