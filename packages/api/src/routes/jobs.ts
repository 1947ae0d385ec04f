import {
  BqdeployError,
  exportModel,
  type JobRegistry,
  type Logger,
  type ModelRepository,
  pull,
} from "@bqdeploy/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { streamSSE } from "hono/streaming";
import type { ApiConfig } from "../config.js";
import type { ApiEnv } from "../env.js";
import { reply } from "../http/reply.js";
import { errorResponses, idParam } from "../schemas/common.js";
import { exportRequestSchema, jobListSchema, jobSchema, pullRequestSchema } from "../schemas/jobs.js";

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { "application/json": { schema } } },
});

const startPull = createRoute({
  method: "post",
  path: "/pulls",
  tags: ["jobs"],
  summary: "Start a pull job: download a BigQuery ML export from Cloud Storage as the model's next version",
  request: body(pullRequestSchema),
  responses: { 202: json(jobSchema, "The job, running"), ...errorResponses() },
});

const startExport = createRoute({
  method: "post",
  path: "/exports",
  tags: ["jobs"],
  summary: "Start an export job: BigQuery ML model -> Cloud Storage (bq extract -m)",
  request: body(exportRequestSchema),
  responses: { 202: json(jobSchema, "The job, running"), ...errorResponses() },
});

const listJobs = createRoute({
  method: "get",
  path: "/jobs",
  tags: ["jobs"],
  summary: "Every job kept in memory",
  responses: { 200: json(jobListSchema, "The jobs"), ...errorResponses() },
});

const getJob = createRoute({
  method: "get",
  path: "/jobs/{id}",
  tags: ["jobs"],
  summary: "A job's state, result or error",
  request: { params: idParam },
  responses: { 200: json(jobSchema, "The job"), ...errorResponses(404) },
});

const cancelJob = createRoute({
  method: "delete",
  path: "/jobs/{id}",
  tags: ["jobs"],
  summary: "Cancel a running job",
  request: { params: idParam },
  responses: { 202: json(jobSchema, "The job, being cancelled"), ...errorResponses(404, 409) },
});

const jobEvents = createRoute({
  method: "get",
  path: "/jobs/{id}/events",
  tags: ["jobs"],
  summary: "The job's events as server-sent events, from the start (or after Last-Event-ID) until it ends",
  request: { params: idParam },
  responses: {
    200: {
      description:
        "One SSE event per pipeline event (event: its type, data: its JSON); then `end` with the job",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errorResponses(404),
  },
});

/** POST /pulls, POST /exports, GET /jobs, GET|DELETE /jobs/{id}, GET /jobs/{id}/events. */
export function jobRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { jobs: JobRegistry; repository: ModelRepository; config: ApiConfig; logger: Logger },
): void {
  const { jobs, repository, config } = deps;
  const found = (id: string) => {
    const job = jobs.get(id);
    if (!job) throw new BqdeployError("NOT_FOUND", `No job ${id}: list them with GET /jobs.`);
    return job;
  };

  app.openapi(startPull, (c) => {
    const params = c.req.valid("json");
    const job = jobs.start("pull", { ...params }, async (emit, signal) => {
      let done: unknown;
      for await (const event of pull({
        ...params,
        repo: repository,
        ...(config.storageEndpoint ? { storageEndpoint: config.storageEndpoint } : {}),
        ...(config.project ? { projectId: config.project } : {}),
        signal,
      })) {
        emit({ ...event });
        if (event.type === "done") done = event;
      }
      return done;
    });
    c.header("location", `/jobs/${job.id}`);
    return reply(c, jobSchema, job, 202);
  });

  app.openapi(startExport, (c) => {
    const { project = config.project, ...params } = c.req.valid("json");
    if (!project) {
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        'No project: send "project" in the body, or start the API with --project (BQDEPLOY_PROJECT).',
      );
    }
    const job = jobs.start("export", { project, ...params }, (emit, signal) =>
      exportModel({
        project,
        ...params,
        ...(config.bigqueryEndpoint ? { apiEndpoint: config.bigqueryEndpoint } : {}),
        signal,
        onEvent: emit,
      }),
    );
    c.header("location", `/jobs/${job.id}`);
    return reply(c, jobSchema, job, 202);
  });

  app.openapi(listJobs, (c) => reply(c, jobListSchema, { jobs: jobs.list() }));

  app.openapi(getJob, (c) => reply(c, jobSchema, found(c.req.valid("param").id)));

  app.openapi(cancelJob, (c) => {
    const { id } = c.req.valid("param");
    found(id);
    if (!jobs.cancel(id)) throw new BqdeployError("FAILED_PRECONDITION", `Job ${id} has already finished.`);
    return reply(c, jobSchema, found(id), 202);
  });

  app.openapi(jobEvents, (c) => {
    const { id } = c.req.valid("param");
    found(id);
    const last = Number(c.req.header("last-event-id"));
    const from = Number.isSafeInteger(last) && last >= 0 ? last + 1 : 0;
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      let index = from;
      for await (const event of jobs.follow(id, { from, signal: abort.signal })) {
        await stream.writeSSE({ id: String(index++), event: event.type, data: JSON.stringify(event) });
      }
      if (!abort.signal.aborted) await stream.writeSSE({ event: "end", data: JSON.stringify(jobs.get(id)) });
    });
  });
}
