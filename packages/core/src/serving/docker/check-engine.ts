import type Docker from "dockerode";
import { BqdeployError } from "../../errors/index.js";
import { dockerUnavailableMessage, toDockerError } from "./engine-errors.js";
import type { EngineConnection } from "./engine-connection.js";

/** What the engine says about itself. */
export interface EngineInfo {
  version: string;
  apiVersion: string;
  /** Host architecture as Docker names it: amd64, arm64, ... */
  arch: string;
  os: string;
}

/** Pings the engine and reads its version; DOCKER_UNAVAILABLE when it does not answer. */
export async function checkEngine(connection: EngineConnection, signal?: AbortSignal): Promise<EngineInfo> {
  try {
    // dockerode honours abortSignal here; its type definitions do not declare it.
    const versionOf = connection.docker.version.bind(connection.docker) as (opts: {
      abortSignal?: AbortSignal;
    }) => Promise<Docker.DockerVersion>;
    const version = await versionOf({ ...(signal ? { abortSignal: signal } : {}) });
    return { version: version.Version, apiVersion: version.ApiVersion, arch: version.Arch, os: version.Os };
  } catch (error) {
    const translated = toDockerError(error, connection.where, "Docker did not answer");
    if (translated.code === "DOCKER_UNAVAILABLE" || translated.code === "CANCELLED") throw translated;
    throw new BqdeployError(
      "DOCKER_UNAVAILABLE",
      `${dockerUnavailableMessage(connection.where)} (the engine answered: ${translated.message})`,
      { cause: error },
    );
  }
}

/** tensorflow/serving is built for amd64 with AVX: on arm64 it runs emulated and usually dies at start. */
export function platformWarning(engine: EngineInfo, image: string): string | undefined {
  if (engine.arch !== "arm64" && engine.arch !== "aarch64") return undefined;
  if (!image.startsWith("tensorflow/serving")) return undefined;
  return `This Docker host is ${engine.arch} (e.g. Apple Silicon): ${image} is amd64-only and runs under emulation, where it usually dies at start with exit code 132 (SIGILL). If it does, use --runtime embedded.`;
}
