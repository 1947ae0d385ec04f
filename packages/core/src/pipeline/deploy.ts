import { TfServingClient } from "../client/index.js";
import { BqdeployError, isBqdeployError } from "../errors/index.js";
import { type Logger, silentLogger } from "../logging/index.js";
import type { Deployment, DeploymentSpec, Runtime, RuntimeEvent } from "../serving/runtime.js";
import type { PipelineEvent, PullDone } from "./events.js";
import { type PullOptions, pull } from "./pull.js";
import { smokeInstance } from "./smoke-instance.js";

/** What `deploy` reports beyond the pull's events. */
export type DeployEvent =
  | PipelineEvent
  | { type: "step"; step: "serve" | "smoke"; status: "started" | "done" | "failed"; message?: string }
  | { type: "runtime"; event: RuntimeEvent }
  | DeployDone;

export interface DeployDone {
  type: "deployed";
  model: string;
  /** The version now answering (the pulled one, or the newest already installed). */
  version?: number;
  deployment: Deployment;
  /** True when a running deployment picked the new version up without a restart. */
  refreshed: boolean;
  /** The smoke request's answer and how long it took. */
  smoke?: { instance: Record<string, unknown>; predictions: unknown[]; latencyMs: number };
}

export interface DeployOptions {
  model: string;
  repo: string;
  runtime: Runtime;
  /** Pull a new version first (export + download + install); without it, serve what is installed. */
  pull?: Omit<PullOptions, "model" | "repo" | "signal" | "logger">;
  /** How to serve: port, host, replicas, ... (model and repo come from above). */
  serve?: Omit<DeploymentSpec, "model" | "repo">;
  /** The smoke request: an instance to predict, or false to skip (default: one made from the signature). */
  smoke?: Record<string, unknown> | false;
  /** Bearer token the servers require (the embedded runtime's token), for the readiness and smoke calls. */
  token?: string;
  /** How long a running deployment may take to make the new version AVAILABLE. */
  readyTimeoutMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/**
 * deploy = pull (optional) -> start the runtime, or let the running one pick the new version up ->
 * wait until AVAILABLE -> smoke predict. One stream of typed events; ends with a `deployed` event.
 */
export async function* deploy(options: DeployOptions): AsyncGenerator<DeployEvent, void, undefined> {
  const logger = options.logger ?? silentLogger;
  let pulled: PullDone | undefined;
  if (options.pull) {
    for await (const event of pull({
      ...options.pull,
      model: options.model,
      repo: options.repo,
      signal: options.signal,
      logger,
    })) {
      if (event.type === "done") pulled = event;
      yield event;
    }
  }
  yield {
    type: "step",
    step: "serve",
    status: "started",
    message: `Serving ${options.model} (${options.runtime.name} runtime)...`,
  };
  const spec: DeploymentSpec = { ...options.serve, model: options.model, repo: options.repo };
  const id = spec.id ?? spec.model;
  const existing = await runningDeployment(options.runtime, id);
  const runtimeEvents: RuntimeEvent[] = [];
  let deployment: Deployment;
  try {
    if (existing) {
      deployment = existing;
      if (pulled) await waitForVersion(existing, options.model, pulled.version, options);
    } else {
      deployment = await options.runtime.start(spec, {
        signal: options.signal,
        onEvent: (e) => runtimeEvents.push(e),
      });
    }
  } catch (err) {
    for (const event of runtimeEvents) yield { type: "runtime", event };
    yield {
      type: "step",
      step: "serve",
      status: "failed",
      message: err instanceof Error ? err.message : String(err),
    };
    throw err;
  }
  for (const event of runtimeEvents) yield { type: "runtime", event };
  const how = existing
    ? "picked up by the running deployment, no restart"
    : `started on ${deployment.endpoints.join(", ")}`;
  yield { type: "step", step: "serve", status: "done", message: `${options.model} is AVAILABLE (${how})` };

  let smoke: DeployDone["smoke"];
  if (options.smoke !== false) {
    yield { type: "step", step: "smoke", status: "started", message: "Smoke prediction..." };
    smoke = await smokePredict(deployment.endpoints[0]!, options.model, options.smoke, options);
    yield {
      type: "step",
      step: "smoke",
      status: "done",
      message: `Smoke prediction answered in ${smoke.latencyMs} ms`,
    };
  }
  yield {
    type: "deployed",
    model: options.model,
    version: pulled?.version,
    deployment,
    refreshed: Boolean(existing),
    smoke,
  };
}

/** Runs deploy to the end, calling onEvent for each event, and returns the `deployed` event. */
export async function deployToEnd(
  options: DeployOptions,
  onEvent?: (event: DeployEvent) => void,
): Promise<DeployDone> {
  let done: DeployDone | undefined;
  for await (const event of deploy(options)) {
    onEvent?.(event);
    if (event.type === "deployed") done = event;
  }
  if (!done) throw new BqdeployError("INTERNAL", "deploy ended without a result");
  return done;
}

async function runningDeployment(runtime: Runtime, id: string): Promise<Deployment | undefined> {
  try {
    const found = await runtime.status(id);
    return found.state === "exited" ? undefined : found;
  } catch (err) {
    if (isBqdeployError(err) && err.code === "NOT_FOUND") return undefined;
    throw err;
  }
}

async function waitForVersion(
  deployment: Deployment,
  model: string,
  version: number,
  options: DeployOptions,
): Promise<void> {
  for (const url of deployment.endpoints) {
    const client = new TfServingClient({ url, token: options.token });
    try {
      await client.waitUntilAvailable(model, {
        version,
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        signal: options.signal,
      });
    } finally {
      await client.close();
    }
  }
}

async function smokePredict(
  url: string,
  model: string,
  given: Record<string, unknown> | undefined,
  options: DeployOptions,
): Promise<NonNullable<DeployDone["smoke"]>> {
  const client = new TfServingClient({ url, token: options.token });
  try {
    let instance = given;
    if (!instance) {
      const metadata = await client.metadata(model, { signal: options.signal });
      const signature = metadata.signatures.serving_default ?? Object.values(metadata.signatures)[0];
      if (!signature)
        throw new BqdeployError("SERVING_NOT_READY", `${model} serves no signature to smoke-test.`);
      instance = smokeInstance(signature);
    }
    const started = performance.now();
    const predictions = await client.predict(model, [instance], { signal: options.signal });
    return { instance, predictions, latencyMs: Math.round(performance.now() - started) };
  } finally {
    await client.close();
  }
}
