import { BqdeployError } from "@bqdeploy/core";
import type { z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { JSONParsed } from "hono/utils/types";

/** Sends `data` as JSON after validating it against the route's response schema. */
export function reply<S extends z.ZodType, St extends ContentfulStatusCode = 200>(
  c: Context,
  schema: S,
  data: z.input<S>,
  status?: St,
): TypedResponse<JSONParsed<z.output<S>>, St, "json"> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new BqdeployError("INTERNAL", `A response did not match its schema: ${parsed.error.message}`);
  }
  return c.json(parsed.data as object, (status ?? 200) as St) as unknown as TypedResponse<
    JSONParsed<z.output<S>>,
    St,
    "json"
  >;
}
