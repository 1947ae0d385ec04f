import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type Docker from "dockerode";
import { BqdeployError } from "../../errors/index.js";
import { type Logger, silentLogger } from "../../logging/index.js";
import type {
  CallOptions,
  Deployment,
  DeploymentSpec,
  LogLine,
  LogOptions,
  Runtime,
  RuntimeEvent,
  StartOptions,
} from "../runtime.js";
import { checkEngine, type EngineInfo, platformWarning } from "./check-engine.js";
import { APP_LABEL_VALUE, boundPort, type ContainerPlan, LABEL, planContainers } from "./container-plan.js";
import { containerLogLines, readLogs } from "./container-logs.js";
import { connectEngine, type EngineConnection } from "./engine-connection.js";
import { engineMessage, engineStatus, toDockerError } from "./engine-errors.js";
import { describeDeployment, groupByDeployment } from "./deployment-view.js";
import { explainExitCode } from "./exit-explanation.js";
import { ensureImage, type PullPolicy } from "./pull-image.js";
import { singleFileTar } from "./tar-archive.js";
import { waitUntilAvailable } from "./wait-available.js";

/** The image `bqdeploy serve --runtime docker` runs unless `--image` says otherwise (pinned). */
export const DEFAULT_TF_SERVING_IMAGE = "tensorflow/serving:2.19.0";

export interface DockerRuntimeOptions {
  /** DOCKER_HOST-style address (`unix:///var/run/docker.sock`, `tcp://host:2375`); default the local socket. */
  dockerHost?: string;
  /** Image to run; default DEFAULT_TF_SERVING_IMAGE. */
  image?: string;
  /** When to pull the image; default "missing" (as `docker run`). */
  pullPolicy?: PullPolicy;
  /** Extra flags for the model server, appended to the container's arguments (e.g. `--rest_api_timeout_in_ms=5000`). */
  serverArgs?: string[];
  /** How long a replica may take to report the model AVAILABLE; default 120 s. */
  readyTimeoutMs?: number;
  /** Seconds `stop` gives a server to exit before it is killed; default 5. */
  stopTimeoutSeconds?: number;
  logger?: Logger;
}

/** Serves models with tensorflow/serving (or a compatible image) in Docker containers, one per replica. */
export class DockerRuntime implements Runtime {
  readonly name = "docker";
  readonly image: string;
  private readonly connection: EngineConnection;
  private readonly logger: Logger;

  constructor(private readonly options: DockerRuntimeOptions = {}) {
    this.connection = connectEngine(options.dockerHost);
    this.image = options.image ?? DEFAULT_TF_SERVING_IMAGE;
    this.logger = options.logger ?? silentLogger;
  }

  /** Whether an engine answers, and what it is; DOCKER_UNAVAILABLE (saying what to do) when none does. */
  checkEngine(options: CallOptions = {}): Promise<EngineInfo> {
    return checkEngine(this.connection, options.signal);
  }

  async start(spec: DeploymentSpec, options: StartOptions = {}): Promise<Deployment> {
    // One replica failing stops the others' waits at once.
    const failed = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
    const emit = (event: RuntimeEvent): void => {
      this.logger.debug(`docker: ${event.type}`, event);
      options.onEvent?.(event);
    };
    const id = spec.id ?? spec.model;
    const startedAt = new Date().toISOString();
    const plans = planContainers(spec, this.image, startedAt, this.options.serverArgs);
    checkRepository(spec);
    const [engine, existing] = await Promise.all([
      this.checkEngine({ signal }),
      this.containers(id, signal).catch(() => []),
    ]);
    const warning = platformWarning(engine, this.image);
    if (warning) {
      this.logger.warn(warning);
      emit({ type: "warning", message: warning });
    }
    if (existing.length > 0) {
      throw new BqdeployError(
        "ALREADY_EXISTS",
        `A deployment named "${id}" already exists. Stop it first with \`bqdeploy stop ${id}\`, or give this one another id.`,
      );
    }
    await ensureImage(this.connection, this.image, this.options.pullPolicy ?? "missing", emit, signal);
    const created: Docker.Container[] = [];
    try {
      const endpoints: string[] = [];
      for (const plan of plans) {
        const container = await this.createAndStart(plan, created, signal);
        const info = await container.inspect({ abortSignal: signal });
        const host = spec.host && spec.host !== "0.0.0.0" ? spec.host : "127.0.0.1";
        const endpoint = `http://${host}:${boundPort(info) ?? plan.hostPort}`;
        endpoints.push(endpoint);
        emit({ type: "starting", replica: plan.replica, endpoint });
      }
      await Promise.all(
        created.map(async (container, replica) => {
          const endpoint = endpoints[replica] ?? "";
          const version = await waitUntilAvailable({
            endpoint,
            model: spec.model,
            ...(spec.version === undefined ? {} : { version: spec.version }),
            timeoutMs: this.options.readyTimeoutMs ?? 120_000,
            signal,
            onState: (state) => emit({ type: "loading", replica, state }),
            checkAlive: () => this.checkRunning(container, replica, signal),
          });
          emit({ type: "available", replica, endpoint, version });
        }),
      );
      return {
        id,
        runtime: "docker",
        model: spec.model,
        endpoints,
        replicas: plans.length,
        startedAt,
        state: "available",
      };
    } catch (error) {
      failed.abort();
      const failure = await this.withLogs(error, created);
      await this.removeQuietly(created, failure);
      throw failure;
    }
  }

  async status(id: string, options: CallOptions = {}): Promise<Deployment> {
    const containers = await this.containers(id, options.signal);
    if (containers.length === 0) throw notFound(id);
    return describeDeployment(id, containers, options.signal);
  }

  async list(options: CallOptions = {}): Promise<Deployment[]> {
    const groups = groupByDeployment(await this.containers(undefined, options.signal));
    return Promise.all(
      [...groups].map(([id, containers]) => describeDeployment(id, containers, options.signal)),
    );
  }

  async stop(id: string, options: CallOptions = {}): Promise<void> {
    const containers = await this.containers(id, options.signal);
    if (containers.length === 0) throw notFound(id);
    await Promise.all(
      containers.map(async (info) => {
        const container = this.connection.docker.getContainer(info.Id);
        try {
          await container.stop({ t: this.options.stopTimeoutSeconds ?? 5, abortSignal: options.signal });
        } catch (error) {
          const status = engineStatus(error);
          if (status !== 304 && status !== 404)
            throw toDockerError(
              error,
              this.connection.where,
              `Could not stop container ${info.Names[0] ?? info.Id}`,
            );
        }
        try {
          await container.remove({ force: true, abortSignal: options.signal });
        } catch (error) {
          if (engineStatus(error) !== 404)
            throw toDockerError(
              error,
              this.connection.where,
              `Could not remove container ${info.Names[0] ?? info.Id}`,
            );
        }
      }),
    );
  }

  async *logs(id: string, options: LogOptions = {}): AsyncGenerator<LogLine> {
    const containers = await this.containers(id, options.signal);
    if (containers.length === 0) throw notFound(id);
    try {
      yield* containerLogLines(
        containers.map((c) => this.connection.docker.getContainer(c.Id)),
        options,
      );
    } catch (error) {
      throw toDockerError(error, this.connection.where, `Could not read the logs of ${id}`);
    }
  }

  /** Our containers (running or not), of one deployment or of all. */
  private async containers(id: string | undefined, signal?: AbortSignal): Promise<Docker.ContainerInfo[]> {
    const label = [
      `${LABEL.app}=${APP_LABEL_VALUE}`,
      ...(id === undefined ? [] : [`${LABEL.deployment}=${id}`]),
    ];
    try {
      return await this.connection.docker.listContainers({
        all: true,
        filters: { label },
        abortSignal: signal,
      });
    } catch (error) {
      throw toDockerError(error, this.connection.where, "Could not list containers");
    }
  }

  private async createAndStart(
    plan: ContainerPlan,
    created: Docker.Container[],
    signal?: AbortSignal,
  ): Promise<Docker.Container> {
    let container: Docker.Container;
    try {
      container = await this.connection.docker.createContainer({
        ...plan.create,
        name: plan.name,
        abortSignal: signal,
      });
    } catch (error) {
      if (engineStatus(error) === 409) {
        throw new BqdeployError(
          "ALREADY_EXISTS",
          `A container named ${plan.name} already exists. Remove it with \`docker rm -f ${plan.name}\`, or stop its deployment with \`bqdeploy stop\`.`,
          { cause: error },
        );
      }
      throw toDockerError(error, this.connection.where, `Could not create container ${plan.name}`);
    }
    created.push(container);
    try {
      if (plan.modelsConfig)
        await container.putArchive(singleFileTar("etc/bqdeploy/models.config", plan.modelsConfig), {
          path: "/",
          abortSignal: signal,
        });
      await container.start({ abortSignal: signal });
      return container;
    } catch (error) {
      const message = engineMessage(error);
      if (/address already in use|port is already allocated/i.test(message)) {
        const port =
          /:(\d+)(?::|\s|$)/.exec(message.slice(message.search(/127\.0\.0\.1|0\.0\.0\.0|bind/i)))?.[1] ??
          plan.hostPort;
        throw new BqdeployError(
          "PORT_IN_USE",
          `Port ${port} is already in use, so replica ${plan.replica} cannot listen on it. Stop what uses it (another deployment? see \`bqdeploy ps\`) or choose another --port.`,
          { cause: error, details: { port: Number(port) } },
        );
      }
      throw toDockerError(error, this.connection.where, `Could not start container ${plan.name}`);
    }
  }

  /** Throws CONTAINER_EXITED (with the reason and the last logs) when the container no longer runs. */
  private async checkRunning(
    container: Docker.Container,
    replica: number,
    signal?: AbortSignal,
  ): Promise<void> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await container.inspect({ abortSignal: signal });
    } catch (error) {
      throw toDockerError(error, this.connection.where, `Could not inspect replica ${replica}`);
    }
    if (info.State.Running) return;
    const code = info.State.ExitCode;
    throw new BqdeployError(
      "CONTAINER_EXITED",
      `The model server (replica ${replica}) exited with code ${code}. ${explainExitCode(code, info.State.OOMKilled)}`,
      {
        details: { exitCode: code, replica },
      },
    );
  }

  /** Adds the last lines the servers wrote to a start failure (the part users need to see). */
  private async withLogs(error: unknown, containers: Docker.Container[]): Promise<BqdeployError> {
    const failure = toDockerError(error, this.connection.where, "Could not start the deployment");
    if (failure.code !== "CONTAINER_EXITED" && failure.code !== "SERVING_NOT_READY") return failure;
    const lines: string[] = [];
    for (const [replica, container] of containers.entries()) {
      try {
        for (const line of await readLogs(container, replica, 20)) lines.push(line.text);
      } catch {
        // The logs are a courtesy; the failure itself is what matters.
      }
    }
    if (lines.length === 0) return failure;
    return new BqdeployError(
      failure.code,
      `${failure.message}\nLast lines of the server log:\n${lines.map((l) => `  ${l}`).join("\n")}`,
      {
        cause: failure.cause ?? failure,
        details: { ...failure.details, logs: lines },
      },
    );
  }

  private async removeQuietly(containers: Docker.Container[], failure: BqdeployError): Promise<void> {
    const left: string[] = [];
    for (const container of containers) {
      try {
        await container.remove({ force: true });
      } catch (error) {
        if (engineStatus(error) !== 404) left.push(container.id);
      }
    }
    if (left.length > 0) {
      failure.details.leftContainers = left;
      this.logger.warn(
        `could not remove containers ${left.join(", ")}; remove them with \`docker rm -f\` once Docker answers`,
      );
    }
  }
}

function notFound(id: string): BqdeployError {
  return new BqdeployError(
    "NOT_FOUND",
    `No Docker deployment named "${id}". \`bqdeploy ps\` lists the running ones.`,
  );
}

function checkRepository(spec: DeploymentSpec): void {
  const repo = resolve(spec.repo);
  if (!existsSync(repo))
    throw new BqdeployError(
      "NOT_FOUND",
      `The model repository ${repo} does not exist. Pull a model into it first (bqdeploy deploy), or pass --repo.`,
    );
  for (const model of [spec.model, ...(spec.otherModels ?? [])]) {
    if (!existsSync(join(repo, model))) {
      throw new BqdeployError(
        "NOT_FOUND",
        `The model repository ${repo} has no folder ${model}/: the model's versions go in ${join(repo, model, "<version>")}/.`,
      );
    }
  }
}
