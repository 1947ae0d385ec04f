import { resolve } from "node:path";
import { DeploymentRegistry, EmbeddedRuntime, JobRegistry, ModelRepository } from "@bqdeploy/core";
import { defineCommand, UsageError } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((done) =>
    signal.aborted ? done() : signal.addEventListener("abort", () => done(), { once: true }),
  );
}

/** `bqdeploy api`: the REST API (management routes, jobs, deployments, TF Serving's /v1 proxy). */
export const apiCommand = defineCommand({
  name: "api",
  summary: "Run the REST API: models, pull/export jobs, deployments, and TF Serving's /v1 proxied",
  options: {
    host: { type: "string", value: "ADDR", description: "Address to bind (default 127.0.0.1)" },
    port: { type: "string", value: "N", description: "Port (default 8080; 0 = any free)" },
    token: {
      type: "string",
      value: "T",
      description: "Bearer token required on every route but /healthz and /readyz (or BQDEPLOY_TOKEN)",
    },
    repo: { type: "string", value: "DIR", description: "Model repository (default ./models)" },
    cors: {
      type: "string",
      multiple: true,
      value: "ORIGIN",
      description: "Allow this browser origin (repeatable; default: no CORS)",
    },
    "no-docker": { type: "boolean", description: "Offer only the embedded runtime for deployments" },
  },
  details: [
    "Runs until Ctrl-C (SIGINT/SIGTERM), then stops accepting, finishes requests in flight and stops",
    "the embedded deployments it started. A non-loopback --host needs a token. Request logs go to stderr",
    "as JSON lines (pino), without the Authorization header. The OpenAPI document is GET /openapi.json.",
    "Examples:",
    "  bqdeploy api --repo models",
    "  BQDEPLOY_TOKEN=s3cret bqdeploy api --host 0.0.0.0 --port 8080",
  ].join("\n"),
  async run(ctx) {
    const { settings, options, out } = ctx;
    const rawPort = options.port;
    if (rawPort !== undefined && !/^\d+$/.test(String(rawPort)))
      throw new UsageError("--port must be a number");
    const port = rawPort === undefined ? 8080 : Number(rawPort);
    const repo = resolve(ctx.io.cwd, settings.repo);
    // Loaded on demand: other commands never pay for Hono, zod-openapi and pino.
    const { createApp, requestLogger, startApiServer } = await import("@bqdeploy/api");
    const logger = requestLogger(options.verbose === true ? "debug" : "info");
    const embedded = new EmbeddedRuntime({ logger: ctx.logger });
    const deployments = new DeploymentRegistry(
      options["no-docker"] === true ? { embedded } : { embedded, docker: dockerRuntimeFor(ctx) },
    );
    const app = createApp({
      repository: new ModelRepository(repo, { logger: ctx.logger }),
      jobs: new JobRegistry(),
      deployments,
      logger,
      ...(settings.token ? { token: settings.token } : {}),
      config: {
        corsOrigins: Array.isArray(options.cors) ? options.cors : [],
        ...(settings.storageEndpoint ? { storageEndpoint: settings.storageEndpoint } : {}),
        ...(settings.bigqueryEndpoint ? { bigqueryEndpoint: settings.bigqueryEndpoint } : {}),
        ...(settings.project ? { project: settings.project } : {}),
        proxyTimeoutMs: settings.timeoutMs,
      },
    });
    const server = await startApiServer(app, {
      host: settings.host,
      port,
      hasToken: Boolean(settings.token),
    });
    try {
      out.event(
        { type: "api", url: server.url, repo, authenticated: Boolean(settings.token) },
        [
          `bqdeploy API at ${server.url} over ${repo} (Ctrl-C to stop)`,
          settings.token ? "Clients send: Authorization: Bearer <token>" : "No token: loopback only.",
          `OpenAPI: ${server.url}/openapi.json   Predictions: ${server.url}/v1/models/<model>:predict`,
        ].join("\n"),
      );
      await waitForAbort(ctx.signal);
      out.event({ type: "stopping" }, "Stopping...");
    } finally {
      await server.close();
      for (const d of await embedded.list()) await embedded.stop(d.id).catch(() => {});
    }
    return 0;
  },
});
