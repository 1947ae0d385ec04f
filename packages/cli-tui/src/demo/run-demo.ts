import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  type DeployDone,
  type DeployEvent,
  type DeployOptions,
  deployToEnd,
  EmbeddedRuntime,
  isBqdeployError,
  stringifyTfJson,
  TfServingClient,
} from "@bqdeploy/core";
import {
  buildLinearRegModel,
  closedFormLinear,
  demoTipModelSpec,
  startFakeBigQuery,
  startFakeGcs,
} from "@bqdeploy/test-fixtures";
import type { CommandContext } from "../cli/command.js";
import { renderDeployEvent } from "../commands/render-deploy-event.js";

/** The seed's request (deploying-bqml-models): location ids and payment type are strings. */
export const SEED_REQUEST = {
  instances: [
    {
      passenger_count: 1,
      trip_distance: 12.2,
      PULocationID: "193",
      DOLocationID: "264",
      payment_type: "2",
      fare_amount: 20.4,
      tolls_amount: 0.0,
    },
  ],
};

const PROJECT = "zoomcamp-ingenieria-datos";
const SOURCE = "gs://newyork-taxi/tip_model";

/** Deploys on the configured port, or on a free one when it is taken (the demo must not fail on that). */
async function deployOnSomePort(
  options: DeployOptions,
  ctx: CommandContext,
  render: (event: DeployEvent) => void,
): Promise<DeployDone> {
  try {
    return await deployToEnd(options, render);
  } catch (err) {
    if (!isBqdeployError(err) || err.code !== "PORT_IN_USE") throw err;
    ctx.out.info(`Port ${options.serve?.port} is taken; serving on a free port instead.`);
    return deployToEnd({ ...options, pull: undefined, serve: { ...options.serve, port: 0 } }, render);
  }
}

/**
 * `bqdeploy demo`: the seed's whole recipe, offline. A tip model shaped like zoomcamp.tip_model is
 * "trained" (built), registered in a local fake of BigQuery, exported to a local fake of Cloud Storage,
 * pulled into the repository as a numbered version, served by the embedded runtime, and asked the
 * seed's question. Nothing leaves 127.0.0.1; no Docker and no Google account are needed.
 */
export async function runDemo(ctx: CommandContext): Promise<number> {
  const { out } = ctx;
  const repo = resolve(ctx.io.cwd, ctx.settings.repo);
  const work = await mkdtemp(join(tmpdir(), "bqdeploy-demo-"));
  const spec = demoTipModelSpec();
  const gcs = await startFakeGcs({ buckets: ["newyork-taxi"] });
  const bigquery = await startFakeBigQuery({ gcs });
  const runtime = new EmbeddedRuntime({ logger: ctx.logger });
  try {
    out.info("bqdeploy demo: BigQuery ML -> Cloud Storage -> model repository -> serving, all offline.");
    out.info(`  fake BigQuery at ${bigquery.url}, fake Cloud Storage at ${gcs.url}`);
    await buildLinearRegModel(join(work, "export"), spec);
    bigquery.registerModel({
      projectId: PROJECT,
      datasetId: "zoomcamp",
      modelId: "tip_model",
      modelType: "LINEAR_REGRESSION",
      sourceDir: join(work, "export"),
    });
    out.info(`  bq extract -m zoomcamp.tip_model ${SOURCE}  ->  bqdeploy deploy zoomcamp.tip_model`);
    const state = {};
    const done = await deployOnSomePort(
      {
        model: "tip_model",
        repo,
        runtime,
        pull: {
          source: SOURCE,
          export: { project: PROJECT, dataset: "zoomcamp", pollIntervalMs: 100, nonce: String(Date.now()) },
          storageEndpoint: gcs.url,
          bigqueryEndpoint: bigquery.url,
          projectId: PROJECT,
        },
        serve: { port: ctx.settings.port, host: "127.0.0.1", pollSeconds: 1 },
        smoke: false,
        signal: ctx.signal,
        logger: ctx.logger,
      },
      ctx,
      (event) => renderDeployEvent(out, event, state),
    );
    const url = done.deployment.endpoints[0]!;
    const body = JSON.stringify(SEED_REQUEST);
    out.info(
      `Sending the seed's request, as its curl does:\n  curl -d '${body}' -X POST ${url}/v1/models/tip_model:predict`,
    );
    const client = new TfServingClient({ url });
    try {
      const started = performance.now();
      const predictions = await client.predict("tip_model", SEED_REQUEST.instances, { signal: ctx.signal });
      const ms = (performance.now() - started).toFixed(1);
      const expected = closedFormLinear(spec, SEED_REQUEST.instances[0]!);
      out.result(
        {
          predictions,
          model: "tip_model",
          version: done.version,
          endpoint: url,
          repo,
          latencyMs: Number(ms),
          closedForm: expected,
        },
        () =>
          [
            stringifyTfJson({ predictions }),
            `tip_model version ${done.version} at ${url} answered in ${ms} ms (installed in ${join(repo, "tip_model", String(done.version))}).`,
            `Check: the closed-form linear model gives ${expected}.`,
            "Serve it yourself: bqdeploy serve --repo " + ctx.settings.repo,
          ].join("\n"),
      );
    } finally {
      await client.close();
    }
    return 0;
  } finally {
    await runtime.close();
    await bigquery.close();
    await gcs.close();
    await rm(work, { recursive: true, force: true });
  }
}
