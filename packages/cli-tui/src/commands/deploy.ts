import { resolve } from "node:path";
import { type DeployDone, deploy, EmbeddedRuntime, type Runtime } from "@bqdeploy/core";
import { type CommandContext, defineCommand, UsageError } from "../cli/command.js";
import { parseModelRef } from "./bigquery-model-ref.js";
import { dockerRuntimeFor } from "./docker-runtime.js";
import { renderDeployEvent } from "./render-deploy-event.js";
import { integerOption } from "./serve-docker.js";

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((done) =>
    signal.aborted ? done() : signal.addEventListener("abort", () => done(), { once: true }),
  );
}

function summary(done: DeployDone): string {
  const d = done.deployment;
  const lines = [
    `Deployed ${done.model}${done.version ? ` version ${done.version}` : ""} (${d.runtime}, ${d.replicas} replica${d.replicas > 1 ? "s" : ""}${done.refreshed ? ", picked up without a restart" : ""})`,
    ...d.endpoints.map((url) => `  ${url}/v1/models/${done.model}:predict`),
  ];
  if (done.smoke)
    lines.push(
      `Smoke request answered in ${done.smoke.latencyMs} ms: ${JSON.stringify(done.smoke.predictions)}`,
    );
  return lines.join("\n");
}

async function runDeploy(ctx: CommandContext): Promise<number> {
  const { settings, options } = ctx;
  const bucket = options.bucket;
  if (typeof bucket !== "string" || !bucket.startsWith("gs://")) {
    throw new UsageError(
      "--bucket gs://BUCKET/PREFIX is required: where the model is exported to and pulled from",
    );
  }
  const ref = parseModelRef(ctx.positionals[0]!, settings.project, "DATASET.MODEL");
  const model = typeof options.model === "string" ? options.model : ref.model;
  const repo = resolve(ctx.io.cwd, settings.repo);
  const runtime: Runtime =
    settings.runtime === "docker"
      ? dockerRuntimeFor(ctx)
      : new EmbeddedRuntime({ logger: ctx.logger, token: settings.token });
  const replicas = integerOption(ctx, "replicas");
  const state = {};
  let done: DeployDone | undefined;
  try {
    for await (const event of deploy({
      model,
      repo,
      runtime,
      token: settings.token,
      pull: {
        source: bucket,
        export: {
          ...ref,
          ...(settings.location ? { location: settings.location } : {}),
          nonce: options["new-job"] ? String(Date.now()) : undefined,
        },
        storageEndpoint: settings.storageEndpoint,
        bigqueryEndpoint: settings.bigqueryEndpoint,
        projectId: settings.project ?? ref.project,
      },
      serve: { port: settings.port, host: settings.host, ...(replicas ? { replicas } : {}) },
      signal: ctx.signal,
      logger: ctx.logger,
    })) {
      if (event.type === "deployed") done = event;
      else renderDeployEvent(ctx.out, event, state);
    }
    ctx.out.result(done, () => summary(done!));
    if (runtime instanceof EmbeddedRuntime) {
      ctx.out.info("Serving with the embedded runtime until Ctrl-C.");
      await waitForAbort(ctx.signal);
    }
  } finally {
    if (runtime instanceof EmbeddedRuntime) await runtime.close();
  }
  return 0;
}

/** `bqdeploy deploy DATASET.MODEL --bucket gs://B/PREFIX`: the whole recipe in one command. */
export const deployCommand = defineCommand({
  name: "deploy",
  summary: "Export from BigQuery, pull, serve and smoke-test a model: the whole recipe in one command",
  positionals: [
    { name: "DATASET.MODEL", description: "the BigQuery ML model ([PROJECT.]DATASET.MODEL)", required: true },
  ],
  options: {
    bucket: {
      type: "string",
      value: "gs://B/PREFIX",
      description: "Where the model is exported to and pulled from (required)",
    },
    project: { type: "string", value: "ID", description: "Google Cloud project (as bq --project_id)" },
    location: { type: "string", value: "LOC", description: "BigQuery location of the dataset" },
    model: {
      type: "string",
      value: "NAME",
      description: "Name in the repository (default: the BigQuery model's)",
    },
    repo: { type: "string", value: "DIR", description: "Model repository (default ./models)" },
    runtime: {
      type: "string",
      value: "R",
      description: "embedded (default; serves until Ctrl-C) or docker (returns)",
    },
    port: { type: "string", value: "N", description: "REST port (default 8501)" },
    host: { type: "string", value: "ADDR", description: "Address to bind (default 127.0.0.1)" },
    replicas: { type: "string", value: "N", description: "Servers on consecutive ports (default 1)" },
    image: {
      type: "string",
      value: "IMAGE",
      description: "Docker image (default tensorflow/serving:2.19.0)",
    },
    token: { type: "string", value: "T", description: "Embedded: bearer token required by the server" },
    "new-job": { type: "boolean", description: "Export again even if the same export job already ran" },
    "storage-endpoint": {
      type: "string",
      value: "URL",
      description: "Cloud Storage API endpoint (emulator)",
    },
    "bigquery-endpoint": { type: "string", value: "URL", description: "BigQuery API endpoint (emulator)" },
  },
  details: [
    "A running deployment of the same model picks the new version up without a restart.",
    "Examples:",
    "  bqdeploy deploy zoomcamp.tip_model --project my-project --bucket gs://newyork-taxi/tip_model",
    "  bqdeploy deploy zoomcamp.tip_model --project my-project --bucket gs://newyork-taxi/tip_model --runtime docker",
  ].join("\n"),
  run: runDeploy,
});
