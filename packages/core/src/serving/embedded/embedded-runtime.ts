import { resolve } from "node:path";
import { BqdeployError } from "../../errors/index.js";
import type { InProcessReplica } from "../http/in-process-replica.js";
import { type Logger, silentLogger } from "../../logging/index.js";
import type {
  CallOptions,
  Deployment,
  DeploymentSpec,
  LogLine,
  LogOptions,
  Runtime,
  StartOptions,
} from "../runtime.js";
import { type EmbeddedServer, startEmbeddedServer } from "./embedded-server.js";
import { LogBuffer } from "./log-buffer.js";
import type { VersionLoader } from "./repository-source.js";

interface EmbeddedDeployment {
  spec: DeploymentSpec;
  servers: EmbeddedServer[];
  logs: LogBuffer;
  startedAt: string;
}

export interface EmbeddedRuntimeOptions {
  logger?: Logger;
  /** Bearer token every replica requires. */
  token?: string;
  /** How version folders are loaded (tests). */
  load?: VersionLoader;
  noTransform?: boolean;
}

/**
 * The embedded runtime as a Runtime: each deployment is one or more in-process TF-Serving-compatible
 * servers over the model repository (replicas on consecutive ports, each with its own loaded model,
 * like separate containers). Lives as long as this process.
 */
export class EmbeddedRuntime implements Runtime {
  readonly name = "embedded" as const;
  private readonly deployments = new Map<string, EmbeddedDeployment>();
  private readonly logger: Logger;

  constructor(private readonly options: EmbeddedRuntimeOptions = {}) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(spec: DeploymentSpec, options: StartOptions = {}): Promise<Deployment> {
    const id = spec.id ?? spec.model;
    if (this.deployments.has(id)) {
      throw new BqdeployError(
        "ALREADY_EXISTS",
        `A deployment named ${id} is already running. Stop it first, or give another id.`,
      );
    }
    options.signal?.throwIfAborted();
    const logs = new LogBuffer();
    const entry: EmbeddedDeployment = {
      spec: { ...spec, id },
      servers: [],
      logs,
      startedAt: new Date().toISOString(),
    };
    const replicas = Math.max(1, spec.replicas ?? 1);
    const basePort = spec.port ?? 8501;
    const overrides = {
      [spec.model]: {
        ...(spec.version !== undefined
          ? { policy: { kind: "specific" as const, versions: [spec.version] } }
          : {}),
        ...(spec.labels ? { labels: spec.labels } : {}),
      },
    };
    try {
      for (let replica = 0; replica < replicas; replica++) {
        const port = basePort === 0 ? 0 : basePort + replica;
        options.onEvent?.({
          type: "starting",
          replica,
          endpoint: `http://${spec.host ?? "127.0.0.1"}:${port}`,
        });
        const server = await startEmbeddedServer({
          repo: resolve(spec.repo),
          host: spec.host,
          port,
          token: this.options.token,
          pollSeconds: spec.pollSeconds ?? 1,
          models: [spec.model, ...(spec.otherModels ?? [])],
          overrides,
          noTransform: this.options.noTransform,
          load: this.options.load,
          logger: logs.logger(this.logger),
        });
        entry.servers.push(server);
        const version = this.requireAvailable(spec.model, server, resolve(spec.repo));
        options.onEvent?.({ type: "available", replica, endpoint: server.url, version });
      }
    } catch (err) {
      for (const s of entry.servers) await s.close();
      logs.close();
      throw err;
    }
    this.deployments.set(id, entry);
    return this.view(id, entry);
  }

  async status(id: string, _options: CallOptions = {}): Promise<Deployment> {
    return this.view(id, this.get(id));
  }

  async stop(id: string, _options: CallOptions = {}): Promise<void> {
    const entry = this.get(id);
    this.deployments.delete(id);
    for (const server of entry.servers) await server.close();
    entry.logs.close();
  }

  async list(_options: CallOptions = {}): Promise<Deployment[]> {
    return [...this.deployments.entries()].map(([id, entry]) => this.view(id, entry));
  }

  async *logs(id: string, options: LogOptions = {}): AsyncIterable<LogLine> {
    const entry = this.get(id);
    for await (const line of entry.logs.read(options)) yield { ...line, replica: 0 };
  }

  /** The open replica of a running deployment listening at `endpoint` (they all run in this process). */
  inProcessReplica(endpoint: string): InProcessReplica | undefined {
    for (const entry of this.deployments.values()) {
      for (const server of entry.servers) {
        if (server.url === endpoint) return server.inProcess.open ? server.inProcess : undefined;
      }
    }
    return undefined;
  }

  /** Stops every deployment (process shutdown). */
  async close(): Promise<void> {
    for (const id of [...this.deployments.keys()]) await this.stop(id);
  }

  private get(id: string): EmbeddedDeployment {
    const entry = this.deployments.get(id);
    if (!entry)
      throw new BqdeployError(
        "NOT_FOUND",
        `No embedded deployment named ${id}. \`bqdeploy ps\` lists deployments.`,
      );
    return entry;
  }

  /** The newest AVAILABLE version after the first scan, or a clear error saying why there is none. */
  private requireAvailable(model: string, server: EmbeddedServer, repo: string): number {
    const versions = server.source.versions(model) ?? [];
    const available = versions.find((v) => v.state === "AVAILABLE");
    if (available) return available.version;
    const failed = versions.find((v) => v.state === "END" && v.errorMessage);
    const why = failed
      ? `version ${failed.version} failed to load: ${failed.errorMessage}`
      : `no numeric version folder under ${resolve(repo, model)} (pull one with \`bqdeploy pull\`)`;
    throw new BqdeployError("SERVING_NOT_READY", `Model ${model} is not AVAILABLE: ${why}`, {
      details: { versions },
    });
  }

  private view(id: string, entry: EmbeddedDeployment): Deployment {
    const up = entry.servers.filter((s) =>
      (s.source.versions(entry.spec.model) ?? []).some((v) => v.state === "AVAILABLE"),
    );
    return {
      id,
      runtime: "embedded",
      model: entry.spec.model,
      endpoints: entry.servers.map((s) => s.url),
      replicas: entry.servers.length,
      startedAt: entry.startedAt,
      state: up.length === entry.servers.length ? "available" : up.length > 0 ? "degraded" : "starting",
    };
  }
}
