import { resolve } from "node:path";
import { startEmbeddedServer, type VersionStatus } from "@bqdeploy/core";
import type { CommandContext } from "../cli/command.js";
import { defineCommand, UsageError } from "../cli/command.js";
import { stderrLogger } from "../cli/stderr-logger.js";
import { serveWithDocker } from "./serve-docker.js";

const SEED_CURL = (url: string, model: string): string =>
  `curl -d '{"instances": [...]}' -X POST ${url}/v1/models/${model}:predict`;

function stateLine(model: string, versions: VersionStatus[]): string {
  if (versions.length === 0) return `  ${model}: no numeric version folders (see warnings above)`;
  return `  ${model}: ${versions
    .map((v) => `version ${v.version} ${v.state}${v.errorMessage ? ` (${v.errorMessage})` : ""}`)
    .join(", ")}`;
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((done) =>
    signal.aborted ? done() : signal.addEventListener("abort", () => done(), { once: true }),
  );
}

/** The embedded runtime: serves the repository from this process until SIGINT/SIGTERM. */
async function serveEmbedded(ctx: CommandContext): Promise<number> {
  const { settings, options, out } = ctx;
  const poll = options["poll-seconds"];
  if (poll !== undefined && !/^\d+(\.\d+)?$/.test(String(poll)))
    throw new UsageError("--poll-seconds must be a number");
  const logger = ctx.out.json
    ? ctx.logger
    : stderrLogger(ctx.io.stderr, options.verbose === true ? "debug" : "info");
  const server = await startEmbeddedServer({
    repo: resolve(ctx.io.cwd, settings.repo),
    host: settings.host,
    port: settings.port,
    token: settings.token,
    allowUnauthenticated: options["allow-unauthenticated"] === true,
    pollSeconds: poll === undefined ? 1 : Number(poll),
    noTransform: options["no-transform"] === true,
    models: typeof options.model === "string" ? [options.model] : undefined,
    logger,
  });
  try {
    const models = server.source
      .models()
      .map((name) => ({ name, versions: server.source.versions(name) ?? [] }));
    out.event(
      { type: "serving", url: server.url, repo: resolve(ctx.io.cwd, settings.repo), models },
      [
        `Serving ${resolve(ctx.io.cwd, settings.repo)} at ${server.url} (embedded runtime; Ctrl-C to stop)`,
        ...models.map((m) => stateLine(m.name, m.versions)),
        models[0]
          ? `Try: ${SEED_CURL(server.url, models[0].name)}`
          : "The repository has no models yet: `bqdeploy pull` one; it is picked up without a restart.",
      ].join("\n"),
    );
    await waitForAbort(ctx.signal);
    out.event({ type: "stopping" }, "Stopping...");
  } finally {
    await server.close();
  }
  return 0;
}

/** `bqdeploy serve`: serve a model repository with TF Serving's REST API. */
export const serveCommand = defineCommand({
  name: "serve",
  summary: "Serve a model repository with TF Serving's REST API (embedded runtime, or Docker)",
  options: {
    repo: {
      type: "string",
      value: "DIR",
      description: "Model repository <repo>/<model>/<version>/ (default ./models)",
    },
    runtime: {
      type: "string",
      value: "R",
      description: "embedded (default: in this process, no Docker) or docker",
    },
    model: {
      type: "string",
      value: "NAME",
      description: "Serve only this model (default: every model in the repository)",
    },
    host: { type: "string", value: "ADDR", description: "Address to bind (default 127.0.0.1)" },
    port: {
      type: "string",
      value: "N",
      description: "REST port (default 8501; replicas use the next ones; 0 = any free)",
    },
    token: {
      type: "string",
      value: "T",
      description: "Embedded: require 'Authorization: Bearer T' on every request",
    },
    "allow-unauthenticated": {
      type: "boolean",
      description: "Embedded: allow a non-loopback --host without --token",
    },
    "poll-seconds": {
      type: "string",
      value: "S",
      description: "Embedded: seconds between scans for new versions (default 1)",
    },
    "no-transform": {
      type: "boolean",
      description: "Embedded: serve TRANSFORM models' graphs alone, as tensorflow/serving does",
    },
    "model-version": {
      type: "string",
      value: "N",
      description: "Docker: serve only this version (default: the latest)",
    },
    label: {
      type: "string",
      multiple: true,
      value: "L=V",
      description: "Docker: version label, e.g. stable=1 (repeatable)",
    },
    image: {
      type: "string",
      value: "IMAGE",
      description: "Docker: image (default tensorflow/serving:2.19.0)",
    },
    replicas: { type: "string", value: "N", description: "Docker: number of containers (default 1)" },
    name: { type: "string", value: "ID", description: "Docker: deployment id (default: the model name)" },
    follow: { type: "boolean", short: "f", description: "Docker: stream the logs until Ctrl-C, then stop" },
  },
  details: [
    "The embedded runtime serves until Ctrl-C; the Docker runtime starts the container(s), waits until",
    "AVAILABLE, prints the endpoint and returns (the containers keep running: see ps, logs, stop).",
    "Examples:",
    "  bqdeploy serve --repo models",
    "  bqdeploy serve --repo models --host 0.0.0.0 --token s3cret",
    "  bqdeploy serve --runtime docker --repo ./models --model tip_model --replicas 2",
  ].join("\n"),
  async run(ctx) {
    if (ctx.settings.runtime === "docker") {
      await serveWithDocker(ctx);
      return 0;
    }
    return serveEmbedded(ctx);
  },
});
