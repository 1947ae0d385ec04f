import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { BqdeployError, type Deployment, type DeploymentSpec, type RuntimeEvent } from "@bqdeploy/core";
import { type CommandContext, UsageError } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

/** The integer value of an option, or undefined; a usage error when it is not one. */
export function integerOption(ctx: CommandContext, name: string): number | undefined {
  const value = ctx.options[name];
  if (value === undefined) return undefined;
  const number = Number(value);
  if (typeof value !== "string" || !Number.isInteger(number) || number < 0)
    throw new UsageError(`--${name} must be a whole number, got ${String(value)}`);
  return number;
}

/** `--label stable=1` options as a label -> version map. */
function labelsOption(ctx: CommandContext): Record<string, number> | undefined {
  const values = ctx.options.label;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const labels: Record<string, number> = {};
  for (const value of values) {
    const match = /^([A-Za-z0-9_]+)=(\d+)$/.exec(value);
    if (!match?.[1] || !match[2])
      throw new UsageError(`--label takes LABEL=VERSION (e.g. stable=1), got ${value}`);
    labels[match[1]] = Number(match[2]);
  }
  return labels;
}

/** The models to serve: --model, else every model folder of the repository. */
function modelsOf(ctx: CommandContext, repo: string): string[] {
  if (typeof ctx.options.model === "string") return [ctx.options.model];
  let names: string[];
  try {
    names = readdirSync(repo, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith("."))
      .map((d) => d.name)
      .sort();
  } catch (error) {
    throw new BqdeployError(
      "NOT_FOUND",
      `The model repository ${repo} cannot be read. Pass --repo DIR (a folder holding <model>/<version>/).`,
      { cause: error },
    );
  }
  if (names.length === 0)
    throw new BqdeployError(
      "NOT_FOUND",
      `The model repository ${repo} holds no model folder. Pull a model first (bqdeploy deploy).`,
    );
  return names;
}

function describeEvent(event: RuntimeEvent): string | undefined {
  switch (event.type) {
    case "image":
    case "warning":
      return event.message;
    case "starting":
      return `replica ${event.replica}: container started, waiting for the model at ${event.endpoint}`;
    case "available":
      return `replica ${event.replica}: version ${event.version} AVAILABLE at ${event.endpoint}`;
    default:
      return undefined;
  }
}

/**
 * `bqdeploy serve --runtime docker`: starts the containers (as `docker run -d`), waits until every
 * replica reports AVAILABLE, prints the deployment, and returns; with --follow it streams the logs
 * until Ctrl-C and then stops the deployment.
 */
export async function serveWithDocker(ctx: CommandContext): Promise<Deployment> {
  const repo = resolve(ctx.io.cwd, ctx.settings.repo);
  const [model, ...otherModels] = modelsOf(ctx, repo);
  if (!model) throw new UsageError("no model to serve");
  const version = integerOption(ctx, "model-version");
  const replicas = integerOption(ctx, "replicas");
  const labels = labelsOption(ctx);
  const spec: DeploymentSpec = {
    model,
    repo,
    port: ctx.settings.port,
    host: ctx.settings.host,
    ...(otherModels.length > 0 ? { otherModels } : {}),
    ...(version === undefined ? {} : { version }),
    ...(replicas === undefined ? {} : { replicas }),
    ...(labels ? { labels } : {}),
    ...(typeof ctx.options.name === "string" ? { id: ctx.options.name } : {}),
  };
  const runtime = dockerRuntimeFor(ctx);
  const deployment = await runtime.start(spec, {
    signal: ctx.signal,
    onEvent: (event) => {
      if (event.type === "pull" && event.total)
        ctx.out.progress({
          label: `pull ${event.layer ?? event.image}`,
          current: event.current ?? 0,
          total: event.total,
          unit: "bytes",
        });
      else if (event.type !== "loading") ctx.out.event({ ...event }, describeEvent(event));
    },
  });
  ctx.out.result(
    deployment,
    [
      `Serving ${[model, ...otherModels].join(", ")} with ${runtime.image} (deployment ${deployment.id}):`,
      ...deployment.endpoints.map((e) => `  ${e}/v1/models/${model}:predict`),
      ctx.options.follow
        ? "Following the logs; Ctrl-C stops the deployment."
        : `Logs: bqdeploy logs ${deployment.id} -f   Stop: bqdeploy stop ${deployment.id}`,
    ].join("\n"),
  );
  if (ctx.options.follow) {
    try {
      for await (const line of runtime.logs(deployment.id, { follow: true, tail: 0, signal: ctx.signal })) {
        (line.stream === "stderr" ? ctx.io.stderr : ctx.io.stdout).write(`${line.text}\n`);
      }
    } catch (error) {
      if (!ctx.signal.aborted) throw error;
    } finally {
      await runtime.stop(deployment.id);
      ctx.out.info(`stopped ${deployment.id}`);
    }
  }
  return deployment;
}
