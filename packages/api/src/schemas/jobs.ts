import { z } from "@hono/zod-openapi";

export const jobSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({ example: "pull" }),
    state: z.enum(["running", "succeeded", "failed", "cancelled"]),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    params: z.record(z.string(), z.unknown()),
    result: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    eventCount: z.number().int(),
  })
  .openapi("Job");

export const jobListSchema = z.object({ jobs: z.array(jobSchema) }).openapi("JobList");

export const pullRequestSchema = z
  .object({
    source: z
      .string()
      .regex(/^gs:\/\/[^/]+(\/.*)?$/)
      .openapi({ example: "gs://my-bucket/tip_model" }),
    model: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/)
      .openapi({ example: "tip_model" }),
    version: z.number().int().positive().optional(),
  })
  .strict()
  .openapi("PullRequest");

export const exportRequestSchema = z
  .object({
    project: z.string().min(1).max(200).optional(),
    dataset: z.string().min(1).max(1024),
    model: z.string().min(1).max(1024),
    destination: z
      .string()
      .regex(/^gs:\/\/[^/]+(\/.*)?$/)
      .openapi({ example: "gs://my-bucket/tip_model" }),
    location: z.string().min(1).max(100).optional(),
    format: z.enum(["auto", "tf", "xgboost"]).optional(),
  })
  .strict()
  .openapi("ExportRequest");
