import { DockerRuntime, type DockerRuntimeOptions } from "@bqdeploy/core";
import type { CommandContext } from "../cli/command.js";

/** The Docker runtime as the commands use it: DOCKER_HOST from the environment, --image from the settings. */
export function dockerRuntimeFor(ctx: CommandContext, options: DockerRuntimeOptions = {}): DockerRuntime {
  const dockerHost = ctx.io.env.DOCKER_HOST;
  return new DockerRuntime({
    ...(dockerHost ? { dockerHost } : {}),
    image: ctx.settings.image,
    logger: ctx.logger,
    ...options,
  });
}
