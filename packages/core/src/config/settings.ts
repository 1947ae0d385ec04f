import * as z from "zod";

/** Every setting bqdeploy knows, with its environment variable. Flags use the kebab-case name. */
export const SETTINGS = {
  repo: {
    env: "BQDEPLOY_REPO",
    flag: "repo",
    description: "Model repository folder (<repo>/<model>/<version>/)",
  },
  url: {
    env: "BQDEPLOY_URL",
    flag: "url",
    description: "TF Serving REST endpoint for status/metadata/predict",
  },
  project: {
    env: "BQDEPLOY_PROJECT",
    flag: "project",
    description: "Google Cloud project (as bq --project_id)",
  },
  location: {
    env: "BQDEPLOY_LOCATION",
    flag: "location",
    description: "BigQuery location, e.g. US or europe-west1",
  },
  runtime: { env: "BQDEPLOY_RUNTIME", flag: "runtime", description: "Serving runtime: embedded or docker" },
  host: { env: "BQDEPLOY_HOST", flag: "host", description: "Address servers bind to" },
  port: { env: "BQDEPLOY_PORT", flag: "port", description: "Port servers listen on" },
  token: {
    env: "BQDEPLOY_TOKEN",
    flag: "token",
    description: "Bearer token required by servers (and sent by clients)",
  },
  image: { env: "BQDEPLOY_IMAGE", flag: "image", description: "Docker image for --runtime docker" },
  storageEndpoint: {
    env: "STORAGE_EMULATOR_HOST",
    flag: "storage-endpoint",
    description: "Cloud Storage API base URL (an emulator or fake); no Google credentials needed",
  },
  bigqueryEndpoint: {
    env: "BIGQUERY_EMULATOR_HOST",
    flag: "bigquery-endpoint",
    description: "BigQuery API base URL (an emulator or fake); no Google credentials needed",
  },
  timeoutMs: {
    env: "BQDEPLOY_TIMEOUT_MS",
    flag: "timeout-ms",
    description: "Per-request timeout in milliseconds",
  },
} as const;

export type SettingName = keyof typeof SETTINGS;

const port = z.coerce.number().int().min(0).max(65535);

/** The schema every source is validated against. */
export const settingsSchema = z.object({
  repo: z.string().min(1).default("./models"),
  url: z.url({ protocol: /^https?$/ }).default("http://127.0.0.1:8501"),
  project: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  runtime: z.enum(["embedded", "docker"]).default("embedded"),
  host: z.string().min(1).default("127.0.0.1"),
  port: port.default(8501),
  token: z.string().min(1).optional(),
  image: z.string().min(1).default("tensorflow/serving:2.19.0"),
  storageEndpoint: z.url().optional(),
  bigqueryEndpoint: z.url().optional(),
  timeoutMs: z.coerce.number().int().positive().default(30_000),
});

export type Settings = z.infer<typeof settingsSchema>;
