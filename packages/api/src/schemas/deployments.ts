import { z } from "@hono/zod-openapi";

export const deploymentSchema = z
  .object({
    id: z.string(),
    runtime: z.enum(["docker", "embedded"]),
    model: z.string(),
    endpoints: z.array(z.string()),
    replicas: z.number().int(),
    startedAt: z.string(),
    state: z.enum(["starting", "available", "degraded", "exited"]),
  })
  .openapi("Deployment");

export const deploymentListSchema = z
  .object({ deployments: z.array(deploymentSchema) })
  .openapi("DeploymentList");

const versionStatusSchema = z.object({
  version: z.number().int(),
  state: z.string(),
  errorCode: z.string(),
  errorMessage: z.string(),
});

/** A deployment with what each replica's TF Serving status endpoint reports now. */
export const deploymentDetailSchema = deploymentSchema
  .extend({
    replicaStatus: z.array(
      z.object({
        endpoint: z.string(),
        versions: z.array(versionStatusSchema).optional(),
        error: z.string().optional(),
      }),
    ),
  })
  .openapi("DeploymentDetail");

export const startDeploymentSchema = z
  .object({
    model: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/)
      .openapi({ example: "tip_model" }),
    runtime: z.enum(["embedded", "docker"]).default("embedded"),
    replicas: z.number().int().min(1).max(16).optional(),
    version: z.number().int().positive().optional(),
    id: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/)
      .optional(),
  })
  .strict()
  .openapi("StartDeployment");
