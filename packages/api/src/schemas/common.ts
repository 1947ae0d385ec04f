import { z } from "@hono/zod-openapi";

/** `{"error": {"code", "message"}}`: every failure of a management route. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "NOT_FOUND" }),
      message: z.string().openapi({ example: "tip_model has no version 3 (it has 1, 2)." }),
    }),
  })
  .openapi("Error");

/** TF Serving's error shape, `{"error": "..."}`, used under /v1. */
export const servingErrorSchema = z.object({ error: z.string() }).openapi("ServingError");

export const modelNameParam = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,199}$/)
    .openapi({ param: { name: "name", in: "path" }, example: "tip_model" }),
});

export const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" }, example: "tip_model" }),
});

/** Error responses every management route may give. */
export function errorResponses(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: { "application/json": { schema: typeof errorSchema } } }
  > = {};
  const text: Record<number, string> = {
    400: "Invalid request",
    401: "Missing or wrong bearer token",
    404: "Not found",
    409: "Conflict with the current state",
    413: "Body too large",
    503: "Unavailable",
  };
  for (const s of [400, 401, 413, ...statuses]) {
    out[s] = { description: text[s] ?? "Error", content: { "application/json": { schema: errorSchema } } };
  }
  return out;
}
