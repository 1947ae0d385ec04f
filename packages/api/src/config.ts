import { z } from "zod";

/** Settings of the API server (the CLI resolves them from flags > environment > config file > defaults). */
export const apiConfigSchema = z.object({
  /** Largest request body accepted, in bytes (413 beyond). */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  /** Origins allowed by CORS; empty (the default) means no CORS headers at all. */
  corsOrigins: z.array(z.string().min(1)).default([]),
  /** Deadline of one proxied prediction (ms), as TF Serving's REST timeout. */
  proxyTimeoutMs: z.number().int().positive().default(30_000),
  /** Seconds a cached list of deployments is trusted by the /v1 proxy. */
  routeCacheMs: z.number().int().nonnegative().default(1_000),
  /** Cloud Storage endpoint override for pulls (a fake or emulator). */
  storageEndpoint: z.string().optional(),
  /** BigQuery endpoint override for exports (a fake or emulator). */
  bigqueryEndpoint: z.string().optional(),
  /** Default Google Cloud project for exports and pulls. */
  project: z.string().optional(),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;
export type ApiConfigInput = z.input<typeof apiConfigSchema>;
