import {
  BqdeployError,
  type DeploymentRegistry,
  type ModelRepository,
  TfServingClient,
} from "@bqdeploy/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { ApiEnv } from "../env.js";
import { reply } from "../http/reply.js";
import type { DeploymentTable } from "../proxy/deployment-table.js";
import { errorResponses, idParam } from "../schemas/common.js";
import {
  deploymentDetailSchema,
  deploymentListSchema,
  deploymentSchema,
  startDeploymentSchema,
} from "../schemas/deployments.js";

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const startDeployment = createRoute({
  method: "post",
  path: "/deployments",
  tags: ["deployments"],
  summary: "Serve a model of the repository (embedded or Docker runtime); answers once it is AVAILABLE",
  request: { body: { required: true, content: { "application/json": { schema: startDeploymentSchema } } } },
  responses: { 201: json(deploymentSchema, "The deployment, available"), ...errorResponses(404, 409, 503) },
});

const listRoute = createRoute({
  method: "get",
  path: "/deployments",
  tags: ["deployments"],
  summary: "Every deployment of every runtime",
  responses: { 200: json(deploymentListSchema, "The deployments"), ...errorResponses() },
});

const getRoute = createRoute({
  method: "get",
  path: "/deployments/{id}",
  tags: ["deployments"],
  summary: "A deployment, with what each replica's TF Serving status endpoint reports",
  request: { params: idParam },
  responses: { 200: json(deploymentDetailSchema, "The deployment"), ...errorResponses(404) },
});

const stopRoute = createRoute({
  method: "delete",
  path: "/deployments/{id}",
  tags: ["deployments"],
  summary: "Stop and remove a deployment",
  request: { params: idParam },
  responses: { 204: { description: "Stopped" }, ...errorResponses(404) },
});

const logsRoute = createRoute({
  method: "get",
  path: "/deployments/{id}/logs",
  tags: ["deployments"],
  summary: "The servers' log lines as server-sent events, following new ones",
  request: {
    params: idParam,
    query: z.object({
      follow: z.enum(["true", "false"]).optional().openapi({ description: "Keep streaming (default true)" }),
      tail: z
        .string()
        .regex(/^\d{1,6}$/)
        .optional()
        .openapi({ description: "Only the last N lines per replica" }),
    }),
  },
  responses: {
    200: {
      description: "One `log` event per line: {stream, text, replica}",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errorResponses(404),
  },
});

/** POST/GET /deployments, GET/DELETE /deployments/{id}, GET /deployments/{id}/logs. */
export function deploymentRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { deployments: DeploymentRegistry; repository: ModelRepository; table: DeploymentTable },
): void {
  const { deployments, repository, table } = deps;

  app.openapi(startDeployment, async (c) => {
    const { runtime: name, model, ...rest } = c.req.valid("json");
    const runtime = deployments.runtime(name);
    const models = await repository.models();
    if (!models.some((m) => m.name === model && m.versions.length > 0)) {
      throw new BqdeployError(
        "NOT_FOUND",
        `No version of ${model} in the repository: pull one first (POST /pulls).`,
      );
    }
    const deployment = await runtime.start(
      { model, repo: repository.root, port: 0, labels: await repository.labels(model), ...rest },
      { signal: c.req.raw.signal },
    );
    table.invalidate();
    return reply(c, deploymentSchema, deployment, 201);
  });

  app.openapi(listRoute, async (c) =>
    reply(c, deploymentListSchema, { deployments: (await deployments.list()).deployments }),
  );

  app.openapi(getRoute, async (c) => {
    const { deployment } = await deployments.find(c.req.valid("param").id);
    const replicaStatus = await Promise.all(
      deployment.endpoints.map(async (endpoint) => {
        const client = new TfServingClient({ url: endpoint, retries: 0, timeoutMs: 5_000 });
        try {
          return { endpoint, versions: await client.status(deployment.model) };
        } catch (err) {
          return { endpoint, error: err instanceof Error ? err.message : String(err) };
        } finally {
          await client.close();
        }
      }),
    );
    return reply(c, deploymentDetailSchema, { ...deployment, replicaStatus });
  });

  app.openapi(stopRoute, async (c) => {
    await deployments.stop(c.req.valid("param").id);
    table.invalidate();
    return c.body(null, 204);
  });

  app.openapi(logsRoute, async (c) => {
    const { id } = c.req.valid("param");
    await deployments.find(id);
    const query = c.req.valid("query");
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      const lines = deployments.logs(id, {
        follow: query.follow !== "false",
        signal: abort.signal,
        ...(query.tail === undefined ? {} : { tail: Number(query.tail) }),
      });
      for await (const line of lines) await stream.writeSSE({ event: "log", data: JSON.stringify(line) });
      if (!abort.signal.aborted) await stream.writeSSE({ event: "end", data: "{}" });
    });
  });
}
