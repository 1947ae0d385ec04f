import { z } from "@hono/zod-openapi";

const labels = z.record(z.string(), z.number().int()).openapi({ example: { stable: 1, canary: 2 } });

export const modelSummarySchema = z
  .object({
    name: z.string(),
    versions: z.array(z.number().int()),
    latest: z.number().int().optional(),
    labels,
  })
  .openapi("ModelSummary");

export const modelListSchema = z.object({ models: z.array(modelSummarySchema) }).openapi("ModelList");

export const versionSchema = z
  .object({
    version: z.number().int(),
    labels: z.array(z.string()),
    modelType: z.string().optional(),
    sourceUri: z.string().optional(),
    installedAt: z.string().optional(),
    sizeBytes: z.number().optional(),
    fileCount: z.number().optional(),
  })
  .openapi("ModelVersion");

export const modelDetailSchema = z
  .object({ name: z.string(), versions: z.array(versionSchema), labels })
  .openapi("ModelDetail");

export const setLabelSchema = z
  .object({
    label: z
      .string()
      .regex(/^[a-zA-Z0-9_]+$/)
      .openapi({ example: "stable" }),
    version: z.number().int().positive().nullable().openapi({
      description: "The version the label points at; null removes the label.",
      example: 1,
    }),
  })
  .strict()
  .openapi("SetLabel");

export const rollbackSchema = z
  .object({ model: z.string(), from: z.number().int(), to: z.number().int() })
  .openapi("Rollback");
