import {
  InProcessForwarder,
  isServingPath,
  ReplicaForwarder,
  ReplicaRouter,
  silentLogger,
} from "@bqdeploy/core";
import { OpenAPIHono } from "@hono/zod-openapi";
import { cors } from "hono/cors";
import { pino } from "pino";
import { apiConfigSchema } from "./config.js";
import type { ApiDeps } from "./deps.js";
import type { ApiEnv } from "./env.js";
import { ApiMetrics } from "./http/api-metrics.js";
import { errorResponse, managementError } from "./http/error-body.js";
import { limitBody, observe, requireToken } from "./http/middleware.js";
import { DeploymentTable } from "./proxy/deployment-table.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeServingHandler } from "./proxy/node-fast-path.js";
import { servingMiddleware } from "./proxy/serving-middleware.js";
import { createServingProxy } from "./proxy/serving-proxy.js";
import { deploymentRoutes } from "./routes/deployments.js";
import { healthRoutes } from "./routes/health.js";
import { jobRoutes } from "./routes/jobs.js";
import { modelRoutes } from "./routes/models.js";
import { documentServingPaths } from "./routes/serving-docs.js";
import { API_VERSION } from "./version.js";

/** The Hono app of the API, plus `close()` for its connection pools. */
export type ApiApp = OpenAPIHono<ApiEnv> & {
  close(): Promise<void>;
  metrics: ApiMetrics;
  /** The /v1 proxy on node:http directly (startApiServer routes /v1 requests here). */
  handleServing: (req: IncomingMessage, res: ServerResponse) => void;
};

/**
 * Builds the REST API over core (no listening: see startApiServer). Management routes answer
 * `{"error": {"code", "message"}}` on failure; /v1 is TF Serving's REST API proxied to deployments.
 */
export function createApp(deps: ApiDeps): ApiApp {
  const config = apiConfigSchema.parse(deps.config ?? {});
  const logger = deps.logger ?? pino({ level: "silent" });
  const metrics = new ApiMetrics();
  const forwarder = new ReplicaForwarder({ timeoutMs: config.proxyTimeoutMs });
  // Replicas of the embedded runtime run in this process: they get requests without HTTP.
  const router = new ReplicaRouter(forwarder, new InProcessForwarder({ timeoutMs: config.proxyTimeoutMs }));
  // Pools of replicas that no deployment lists any more are closed when the table reloads.
  const table = new DeploymentTable(deps.deployments, config.routeCacheMs, (endpoints) => {
    void forwarder.retain(endpoints);
  });
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
        .join("; ");
      return managementError(c, 400, "INVALID_ARGUMENT", `Invalid request: ${issues}`);
    },
  });

  app.use("*", observe(logger, metrics));
  if (config.corsOrigins.length > 0) app.use("*", cors({ origin: config.corsOrigins, maxAge: 600 }));
  app.use("*", requireToken(deps.token));
  const proxy = createServingProxy(table, router, metrics);
  app.use("*", servingMiddleware(proxy, config.maxBodyBytes));

  app.use("*", limitBody(config.maxBodyBytes));

  healthRoutes(app, { repository: deps.repository, jobs: deps.jobs, metrics });
  modelRoutes(app, deps.repository);
  jobRoutes(app, { jobs: deps.jobs, repository: deps.repository, config, logger: silentLogger });
  deploymentRoutes(app, { deployments: deps.deployments, repository: deps.repository, table });
  documentServingPaths(app);

  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/openapi.json",
    tags: ["health"],
    summary: "This OpenAPI 3.1 document",
    responses: { 200: { description: "The document", content: { "application/json": { schema: {} } } } },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "bqdeploy API",
      version: API_VERSION,
      description:
        "Manage BigQuery ML model versions, pull/export jobs and deployments; TF Serving's REST API under /v1.",
    },
    security: [{ bearer: [] }],
  });

  app.notFound((c) =>
    managementError(c, 404, "NOT_FOUND", `No route ${c.req.method} ${c.req.path}; see GET /openapi.json.`),
  );
  app.onError((err, c) => errorResponse(c, err, isServingPath(c.req.path)));
  const handleServing = nodeServingHandler(proxy, {
    ...(deps.token === undefined ? {} : { token: deps.token }),
    maxBodyBytes: config.maxBodyBytes,
    metrics,
    logger,
  });
  return Object.assign(app, { metrics, handleServing, close: () => router.close() });
}
