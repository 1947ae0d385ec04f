import { BqdeployError, isBqdeployError } from "../errors/index.js";
import type { ReplicaSet } from "../client/replica-router.js";
import type { InProcessReplica } from "./http/in-process-replica.js";
import type { Deployment, DeploymentSpec, LogLine, LogOptions, Runtime, StartOptions } from "./runtime.js";

export type RuntimeName = Runtime["name"];

/** A deployment together with the runtime that runs it. */
export interface LocatedDeployment {
  runtime: Runtime;
  deployment: Deployment;
}

/**
 * Every deployment across the runtimes a front-end offers (embedded in this process, Docker on this
 * machine): start on a named runtime, then find, inspect, stop and read logs by id alone.
 */
export class DeploymentRegistry {
  constructor(private readonly runtimes: Partial<Record<RuntimeName, Runtime>>) {}

  /** The runtime of that name; FAILED_PRECONDITION when this front-end was not given it. */
  runtime(name: RuntimeName): Runtime {
    const runtime = this.runtimes[name];
    if (!runtime) {
      const offered = Object.keys(this.runtimes).join(", ") || "none";
      throw new BqdeployError(
        "FAILED_PRECONDITION",
        `The ${name} runtime is not available here (offered: ${offered}).`,
      );
    }
    return runtime;
  }

  start(name: RuntimeName, spec: DeploymentSpec, options?: StartOptions): Promise<Deployment> {
    return this.runtime(name).start(spec, options);
  }

  /** Deployments of every runtime; a runtime that cannot answer (Docker not running) is reported, not thrown. */
  async list(): Promise<{
    deployments: Deployment[];
    unavailable: { runtime: RuntimeName; message: string }[];
  }> {
    const deployments: Deployment[] = [];
    const unavailable: { runtime: RuntimeName; message: string }[] = [];
    for (const [name, runtime] of Object.entries(this.runtimes) as [RuntimeName, Runtime][]) {
      try {
        deployments.push(...(await runtime.list()));
      } catch (err) {
        unavailable.push({ runtime: name, message: err instanceof Error ? err.message : String(err) });
      }
    }
    return { deployments, unavailable };
  }

  /** Finds a deployment by id in any runtime; NOT_FOUND when none has it. */
  async find(id: string): Promise<LocatedDeployment> {
    for (const runtime of Object.values(this.runtimes)) {
      try {
        return { runtime, deployment: await runtime.status(id) };
      } catch (err) {
        if (!isBqdeployError(err) || (err.code !== "NOT_FOUND" && err.code !== "DOCKER_UNAVAILABLE"))
          throw err;
      }
    }
    throw new BqdeployError("NOT_FOUND", `No deployment named ${id}.`, { details: { id } });
  }

  async stop(id: string): Promise<void> {
    const { runtime } = await this.find(id);
    await runtime.stop(id);
  }

  async *logs(id: string, options?: LogOptions): AsyncIterable<LogLine> {
    const { runtime } = await this.find(id);
    yield* runtime.logs(id, options);
  }

  /**
   * The replica of `deployment` at `endpoint` when it runs inside this process and is open (its
   * runtime offers it), else undefined: reach it over HTTP.
   */
  inProcessReplica(deployment: Deployment, endpoint: string): InProcessReplica | undefined {
    return this.runtimes[deployment.runtime]?.inProcessReplica?.(endpoint);
  }

  /** The replicas of `deployments` for a proxy: every endpoint, those of servers in this process resolved. */
  replicaSet(deployments: readonly Deployment[]): ReplicaSet {
    const endpoints: string[] = [];
    const remote: string[] = [];
    const local: (InProcessReplica | undefined)[] = [];
    for (const d of deployments) {
      for (const endpoint of d.endpoints) {
        const replica = this.inProcessReplica(d, endpoint);
        endpoints.push(endpoint);
        local.push(replica);
        if (!replica) remote.push(endpoint);
      }
    }
    return remote.length === endpoints.length ? { endpoints, remote } : { endpoints, local, remote };
  }

  /** The endpoints serving `model` now (for proxies): every replica of every deployment of it. */
  async endpointsFor(model: string): Promise<string[]> {
    const { deployments } = await this.list();
    return deployments.filter((d) => d.model === model && d.state !== "exited").flatMap((d) => d.endpoints);
  }
}
