import type { Deployment, DeploymentSpec, RuntimeEvent } from "../runtime.js";
import { DockerRuntime, type DockerRuntimeOptions } from "./docker-runtime.js";

export interface WithContainerOptions {
  spec: DeploymentSpec;
  /** A runtime to use, or options to make one. */
  runtime?: DockerRuntime | DockerRuntimeOptions;
  signal?: AbortSignal;
  onEvent?: (event: RuntimeEvent) => void;
}

/**
 * Starts a deployment, runs `fn` with it once AVAILABLE, and stops and removes its containers in
 * `finally`, whatever `fn` does.
 */
export async function withContainer<T>(
  options: WithContainerOptions,
  fn: (deployment: Deployment) => Promise<T>,
): Promise<T> {
  const runtime =
    options.runtime instanceof DockerRuntime ? options.runtime : new DockerRuntime(options.runtime);
  const deployment = await runtime.start(options.spec, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  try {
    return await fn(deployment);
  } finally {
    await runtime.stop(deployment.id);
  }
}
