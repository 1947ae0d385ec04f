import * as z from "zod";
import { MODEL_STATES } from "./servable.js";

/** `{"error": "..."}`: every TF Serving failure. */
export const errorResponseSchema = z.object({ error: z.string() });

/** GET /v1/models/{name}. */
export const modelStatusResponseSchema = z.object({
  model_version_status: z.array(
    z.object({
      version: z.string(),
      state: z.enum(MODEL_STATES),
      status: z.object({ error_code: z.string(), error_message: z.string() }).partial().optional(),
    }),
  ),
});

const tensorInfoSchema = z.object({
  dtype: z.string(),
  tensor_shape: z
    .object({
      dim: z.array(z.object({ size: z.string(), name: z.string().optional() })).optional(),
      unknown_rank: z.boolean().optional(),
    })
    .optional(),
  name: z.string().optional(),
});

export const signatureDefSchema = z.object({
  inputs: z.record(z.string(), tensorInfoSchema).optional(),
  outputs: z.record(z.string(), tensorInfoSchema).optional(),
  method_name: z.string(),
});

/** GET /v1/models/{name}/metadata (note the doubled `signature_def`). */
export const modelMetadataResponseSchema = z.object({
  model_spec: z.object({ name: z.string(), signature_name: z.string().optional(), version: z.string() }),
  metadata: z.object({
    signature_def: z.object({ signature_def: z.record(z.string(), signatureDefSchema) }),
  }),
});

/** POST ...:predict, row format. */
export const predictRowRequestSchema = z.object({
  signature_name: z.string().optional(),
  instances: z.array(z.unknown()).min(1),
});

/** POST ...:predict, columnar format. */
export const predictColumnarRequestSchema = z.object({
  signature_name: z.string().optional(),
  inputs: z.unknown(),
});

export const predictResponseSchema = z.union([
  z.object({ predictions: z.array(z.unknown()) }),
  z.object({ outputs: z.unknown() }),
]);

/** POST ...:classify and ...:regress. */
export const examplesRequestSchema = z.object({
  signature_name: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  examples: z.array(z.record(z.string(), z.unknown())).min(1),
});

export const classifyResponseSchema = z.object({
  results: z.array(z.array(z.tuple([z.string(), z.number()]))),
});

export const regressResponseSchema = z.object({ results: z.array(z.number()) });

export type ModelStatusResponse = z.infer<typeof modelStatusResponseSchema>;
export type ModelMetadataResponse = z.infer<typeof modelMetadataResponseSchema>;
export type ClassifyResponse = z.infer<typeof classifyResponseSchema>;
export type RegressResponse = z.infer<typeof regressResponseSchema>;
