import {
  createTfServingDispatcher,
  isServingError,
  isServingPath,
  parseRoute,
  type ReplicaForwarder,
  type ServableSource,
} from "@bqdeploy/core";
import type { MiddlewareHandler } from "hono";
import type { ApiEnv } from "../env.js";
import { errorResponse, servingErrorResponse } from "../http/error-body.js";
import type { ApiMetrics } from "../http/api-metrics.js";
import type { DeploymentTable } from "./deployment-table.js";

// A source with no models: TF Serving's own answers for a model nobody serves (404 texts).
const NO_MODELS: ServableSource = {
  models: () => [],
  versions: () => undefined,
  labels: () => ({}),
  servable: () => undefined,
};
const unknownModel = createTfServingDispatcher(NO_MODELS, { metrics: false });

/**
 * TF Serving's REST API under /v1, passed on unchanged to a ready deployment of the model named in
 * the path (round robin over its replicas). A model no deployment serves gets TF Serving's 404; one
 * whose deployments are not ready gets 503 `{"error": ...}`.
 */
export function servingProxy(
  table: DeploymentTable,
  forwarder: ReplicaForwarder,
  metrics: ApiMetrics,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!isServingPath(c.req.path)) return next();
    const method = c.req.method;
    const url = c.req.url;
    const path = url.slice(url.indexOf("/", url.indexOf("//") + 2));
    const route = parseRoute(method, path);
    if (isServingError(route)) return servingErrorResponse(route.httpStatus, route.message);
    c.set("metricsRoute", `/v1/models/{model}:${route.verb}`);
    c.set("metricsModel", route.model);
    const predicting = route.verb !== "status" && route.verb !== "metadata";
    try {
      const body = method === "POST" ? new Uint8Array(await c.req.arrayBuffer()) : undefined;
      const deployments = await table.forModel(route.model);
      if (deployments.length === 0) {
        const answer = await unknownModel({ method, path, body: body ? Buffer.from(body).toString() : "" });
        if (predicting) metrics.prediction(route.model, answer.status);
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      }
      const ready = deployments.filter((d) => d.state === "available" || d.state === "degraded");
      if (ready.length === 0) {
        if (predicting) metrics.prediction(route.model, 503);
        const states = deployments.map((d) => `${d.id}: ${d.state}`).join(", ");
        return servingErrorResponse(
          503,
          `No deployment of model ${route.model} is ready (${states}); wait until GET /deployments/{id} reports it available.`,
        );
      }
      const answer = await forwarder.forward(
        route.model,
        ready.flatMap((d) => d.endpoints),
        {
          method,
          path,
          headers: { "content-type": "application/json" },
          ...(body ? { body } : {}),
        },
      );
      if (predicting) metrics.prediction(route.model, answer.status);
      return new Response(answer.body, {
        status: answer.status,
        headers: { "content-type": answer.contentType },
      });
    } catch (err) {
      const response = errorResponse(c, err, true);
      if (predicting) metrics.prediction(route.model, response.status);
      return response;
    }
  };
}
