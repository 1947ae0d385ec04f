import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import type { ApiEnv } from "../env.js";
import { servingErrorSchema } from "../schemas/common.js";

// The /v1 paths TF Serving's REST API has; the proxy passes them on unchanged.
const TARGETS = ["", "/versions/{version}", "/labels/{label}"];
const VERBS = ["predict", "classify", "regress"];

const params = (suffix: string) =>
  z.object({
    model: z.string().openapi({ param: { name: "model", in: "path" }, example: "tip_model" }),
    ...(suffix.includes("{version}")
      ? {
          version: z
            .string()
            .regex(/^\d+$/)
            .openapi({ param: { name: "version", in: "path" } }),
        }
      : {}),
    ...(suffix.includes("{label}")
      ? { label: z.string().openapi({ param: { name: "label", in: "path" }, example: "stable" }) }
      : {}),
  });

const errors = {
  400: { description: "Bad request", content: { "application/json": { schema: servingErrorSchema } } },
  401: {
    description: "Missing or wrong token",
    content: { "application/json": { schema: servingErrorSchema } },
  },
  404: {
    description: "Unknown model or version",
    content: { "application/json": { schema: servingErrorSchema } },
  },
  503: {
    description: "No ready deployment",
    content: { "application/json": { schema: servingErrorSchema } },
  },
};

/** Every /v1 path the proxy serves (documented only: one wildcard route answers them all). */
export const SERVING_PATHS: { method: "get" | "post"; path: string }[] = TARGETS.flatMap((t) => [
  { method: "get" as const, path: `/v1/models/{model}${t}` },
  { method: "get" as const, path: `/v1/models/{model}${t}/metadata` },
  ...VERBS.map((verb) => ({ method: "post" as const, path: `/v1/models/{model}${t}:${verb}` })),
]);

/** Adds the TF Serving paths to the OpenAPI document. */
export function documentServingPaths(app: OpenAPIHono<ApiEnv>): void {
  for (const { method, path } of SERVING_PATHS) {
    const suffix = path.slice("/v1/models/{model}".length);
    app.openAPIRegistry.registerPath({
      method,
      path,
      tags: ["TF Serving (proxied)"],
      summary: `TF Serving ${method === "get" ? (path.endsWith("/metadata") ? "metadata" : "model status") : path.split(":").pop()}, passed on to a deployment of the model`,
      request: {
        params: params(suffix),
        ...(method === "post"
          ? {
              body: {
                required: true,
                content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
              },
            }
          : {}),
      },
      responses: {
        200: {
          description: "TF Serving's answer",
          content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
        },
        ...errors,
      },
    });
  }
}
