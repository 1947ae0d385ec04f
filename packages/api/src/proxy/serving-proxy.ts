import {
  createTfServingDispatcher,
  errorBody,
  isServingError,
  parseRoute,
  type ReplicaForwarder,
  type ServableSource,
  toBqdeployError,
} from "@bqdeploy/core";
import type { ApiMetrics } from "../http/api-metrics.js";
import { httpStatusOf } from "../http/error-status.js";
import type { DeploymentTable } from "./deployment-table.js";

// A source with no models: TF Serving's own answers for a model nobody serves (404 texts).
const NO_MODELS: ServableSource = {
  models: () => [],
  versions: () => undefined,
  labels: () => ({}),
  servable: () => undefined,
};
const unknownModel = createTfServingDispatcher(NO_MODELS, { metrics: false });

/** A /v1 request (authorized already), with its whole body. */
export interface ServingCall {
  method: string;
  /** Path with query string. */
  path: string;
  body?: Uint8Array;
}

/** The proxy's answer, plus labels for the request metrics. */
export interface ServingAnswer {
  status: number;
  contentType: string;
  body: Uint8Array | string;
  route: string;
  model: string;
}

export type ServingProxy = (call: ServingCall) => Promise<ServingAnswer>;

const json = "application/json";

/**
 * TF Serving's REST API under /v1, passed on unchanged to a ready deployment of the model named in
 * the path (round robin over its replicas). A model no deployment serves gets TF Serving's 404; one
 * whose deployments are not ready gets 503 `{"error": ...}`. Never throws.
 */
export function createServingProxy(
  table: DeploymentTable,
  forwarder: ReplicaForwarder,
  metrics: ApiMetrics,
): ServingProxy {
  return async ({ method, path, body }) => {
    const route = parseRoute(method, path);
    if (isServingError(route)) {
      return { status: route.httpStatus, contentType: json, body: route.toBody(), route: "/v1/*", model: "" };
    }
    const labels = { route: `/v1/models/{model}:${route.verb}`, model: route.model };
    const predicting = route.verb !== "status" && route.verb !== "metadata";
    const answer = await forward(route.model, method, path, body);
    if (predicting) metrics.prediction(route.model, answer.status);
    return { ...answer, ...labels };
  };

  async function forward(model: string, method: string, path: string, body: Uint8Array | undefined) {
    try {
      const deployments = await table.forModel(model);
      if (deployments.length === 0) {
        const text = body ? Buffer.from(body).toString() : "";
        const answer = await unknownModel({ method, path, body: text });
        return { status: answer.status, contentType: json, body: answer.body };
      }
      const ready = deployments.filter((d) => d.state === "available" || d.state === "degraded");
      if (ready.length === 0) {
        const states = deployments.map((d) => `${d.id}: ${d.state}`).join(", ");
        const message = `No deployment of model ${model} is ready (${states}); wait until GET /deployments/{id} reports it available.`;
        return { status: 503, contentType: json, body: errorBody(message) };
      }
      const endpoints = ready.flatMap((d) => d.endpoints);
      const answer = await forwarder.forward(model, endpoints, {
        method,
        path,
        headers: { "content-type": json },
        ...(body ? { body } : {}),
      });
      return { status: answer.status, contentType: answer.contentType, body: answer.body };
    } catch (err) {
      const error = toBqdeployError(err);
      return { status: httpStatusOf(error.code), contentType: json, body: errorBody(error.message) };
    }
  }
}
