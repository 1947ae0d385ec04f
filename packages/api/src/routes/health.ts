import type { JobRegistry, ModelRepository } from "@bqdeploy/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.js";
import type { ApiMetrics } from "../http/api-metrics.js";
import { reply } from "../http/reply.js";
import { errorResponses } from "../schemas/common.js";

const probeSchema = z.object({ status: z.string(), detail: z.string().optional() }).openapi("Probe");

const healthz = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["health"],
  summary: "Liveness: the process answers (no token needed)",
  security: [],
  responses: { 200: { description: "Alive", content: { "application/json": { schema: probeSchema } } } },
});

const readyz = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["health"],
  summary: "Readiness: the model repository can be read (no token needed)",
  security: [],
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: probeSchema } } },
    503: { description: "Not ready", content: { "application/json": { schema: probeSchema } } },
  },
});

const metricsRoute = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["health"],
  summary: "Prometheus metrics: requests and latency per route and model, predictions, job outcomes",
  responses: {
    200: { description: "Prometheus text format", content: { "text/plain": { schema: z.string() } } },
    ...errorResponses(),
  },
});

/** GET /healthz, GET /readyz, GET /metrics. */
export function healthRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { repository: ModelRepository; jobs: JobRegistry; metrics: ApiMetrics },
): void {
  app.openapi(healthz, (c) => reply(c, probeSchema, { status: "ok" }));
  app.openapi(readyz, async (c) => {
    try {
      await deps.repository.readModelsConfig();
      await deps.repository.models();
      return reply(c, probeSchema, { status: "ready" });
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      return reply(c, probeSchema, { status: "not ready", detail }, 503);
    }
  });
  app.openapi(metricsRoute, (c) =>
    c.text(deps.metrics.render(deps.jobs.list()), 200, { "content-type": "text/plain; version=0.0.4" }),
  );
}
