import { BqdeployError, type ModelRepository } from "@bqdeploy/core";
import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.js";
import { reply } from "../http/reply.js";
import { errorResponses, modelNameParam } from "../schemas/common.js";
import { modelDetailSchema, modelListSchema, rollbackSchema, setLabelSchema } from "../schemas/models.js";

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const listModels = createRoute({
  method: "get",
  path: "/models",
  tags: ["models"],
  summary: "Models of the repository with their versions and labels",
  responses: { 200: json(modelListSchema, "Every model folder"), ...errorResponses() },
});

const getModel = createRoute({
  method: "get",
  path: "/models/{name}",
  tags: ["models"],
  summary: "One model's installed versions and labels",
  request: { params: modelNameParam },
  responses: { 200: json(modelDetailSchema, "The model"), ...errorResponses(404) },
});

const setLabel = createRoute({
  method: "post",
  path: "/models/{name}/labels",
  tags: ["models"],
  summary: "Point a version label (stable, canary) at a version, or remove it (version null)",
  request: {
    params: modelNameParam,
    body: { required: true, content: { "application/json": { schema: setLabelSchema } } },
  },
  responses: { 200: json(modelDetailSchema, "The model after the change"), ...errorResponses(404) },
});

const rollback = createRoute({
  method: "post",
  path: "/models/{name}/rollback",
  tags: ["models"],
  summary: "Take the newest version out of serving; labels on it move to the previous one",
  request: { params: modelNameParam },
  responses: { 200: json(rollbackSchema, "What was rolled back"), ...errorResponses(404, 409) },
});

/** GET /models, GET /models/{name}, POST /models/{name}/labels, POST /models/{name}/rollback. */
export function modelRoutes(app: OpenAPIHono<ApiEnv>, repository: ModelRepository): void {
  const detail = async (name: string) => {
    const versions = await repository.versions(name);
    if (versions.length === 0 && !(await repository.models()).some((m) => m.name === name)) {
      throw new BqdeployError("NOT_FOUND", `No model ${name} in the repository: add it with POST /pulls.`);
    }
    return {
      name,
      labels: await repository.labels(name),
      versions: versions.map((v) => ({
        version: v.version,
        labels: v.labels,
        ...(v.metadata
          ? {
              modelType: v.metadata.modelType,
              sourceUri: v.metadata.sourceUri,
              installedAt: v.metadata.installedAt,
              sizeBytes: v.metadata.sizeBytes,
              fileCount: v.metadata.fileCount,
            }
          : {}),
      })),
    };
  };

  app.openapi(listModels, async (c) => {
    const models = (await repository.models()).map(({ name, versions, latest, labels }) => ({
      name,
      versions,
      labels,
      ...(latest === undefined ? {} : { latest }),
    }));
    return reply(c, modelListSchema, { models });
  });

  app.openapi(getModel, async (c) => reply(c, modelDetailSchema, await detail(c.req.valid("param").name)));

  app.openapi(setLabel, async (c) => {
    const { name } = c.req.valid("param");
    const { label, version } = c.req.valid("json");
    if (version === null) {
      if (!(await repository.removeLabel(name, label)))
        throw new BqdeployError("NOT_FOUND", `${name} has no label ${label}.`);
    } else await repository.setLabel(name, label, version);
    return reply(c, modelDetailSchema, await detail(name));
  });

  app.openapi(rollback, async (c) => {
    const { model, from, to } = await repository.rollback(c.req.valid("param").name);
    return reply(c, rollbackSchema, { model, from, to });
  });
}
