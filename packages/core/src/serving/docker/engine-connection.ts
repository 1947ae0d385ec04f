import { createRequire } from "node:module";
import type Docker from "dockerode";

// dockerode (and ssh2 under it) is loaded when a Docker runtime is first made, not when core is imported.
const requireDockerode = createRequire(import.meta.url);
const dockerode = (): typeof Docker => requireDockerode("dockerode") as typeof Docker;
import { BqdeployError } from "../../errors/index.js";

/** Where the Docker Engine API listens. */
export interface EngineConnection {
  docker: Docker;
  /** Human-readable address for messages, e.g. `/var/run/docker.sock`. */
  where: string;
}

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

/**
 * Connects to the engine at `dockerHost` (`unix:///path`, `tcp://host:port`, or a bare socket path),
 * default /var/run/docker.sock. The front-end passes DOCKER_HOST; core never reads the environment.
 */
export function connectEngine(dockerHost?: string): EngineConnection {
  if (!dockerHost || dockerHost.startsWith("/") || dockerHost.startsWith("unix://")) {
    const socketPath = dockerHost ? dockerHost.replace(/^unix:\/\//, "") : DEFAULT_DOCKER_SOCKET;
    return { docker: new (dockerode())({ socketPath }), where: socketPath };
  }
  const match = /^(tcp|http|https):\/\/([^:/]+)(?::(\d+))?\/?$/.exec(dockerHost);
  if (!match) {
    throw new BqdeployError(
      "INVALID_CONFIG",
      `DOCKER_HOST "${dockerHost}" is not understood: use unix:///var/run/docker.sock or tcp://host:2375.`,
    );
  }
  const protocol = match[1] === "https" ? "https" : "http";
  const port = Number(match[3] ?? (protocol === "https" ? 2376 : 2375));
  return { docker: new (dockerode())({ protocol, host: match[2] ?? "", port }), where: dockerHost };
}
