import { createRequire } from "node:module";
import type Docker from "dockerode";

// dockerode (and ssh2 under it) is loaded when a Docker runtime first talks to the engine, not when core is
// imported or a runtime is made.
const requireDockerode = createRequire(import.meta.url);
const dockerode = (): typeof Docker => requireDockerode("dockerode") as typeof Docker;
import { BqdeployError } from "../../errors/index.js";

/** Where the Docker Engine API listens. */
export interface EngineConnection {
  /** The client; made (and dockerode loaded) on first use. */
  readonly docker: Docker;
  /** Human-readable address for messages, e.g. `/var/run/docker.sock`. */
  where: string;
}

export const DEFAULT_DOCKER_SOCKET = "/var/run/docker.sock";

/**
 * Connects to the engine at `dockerHost` (`unix:///path`, `tcp://host:port`, or a bare socket path),
 * default /var/run/docker.sock. The front-end passes DOCKER_HOST; core never reads the environment.
 * The address is checked at once; dockerode (a few hundred ms to load, with ssh2 and grpc-js) is loaded
 * and the client made on the first use of `docker`, so constructing a runtime costs nothing.
 */
export function connectEngine(dockerHost?: string): EngineConnection {
  const { options, where } = engineAddress(dockerHost);
  let docker: Docker | undefined;
  return {
    get docker(): Docker {
      docker ??= new (dockerode())(options);
      return docker;
    },
    where,
  };
}

function engineAddress(dockerHost?: string): { options: Docker.DockerOptions; where: string } {
  if (!dockerHost || dockerHost.startsWith("/") || dockerHost.startsWith("unix://")) {
    const socketPath = dockerHost ? dockerHost.replace(/^unix:\/\//, "") : DEFAULT_DOCKER_SOCKET;
    return { options: { socketPath }, where: socketPath };
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
  return { options: { protocol, host: match[2] ?? "", port }, where: dockerHost };
}
