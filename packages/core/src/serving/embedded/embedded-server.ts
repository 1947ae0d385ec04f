import { type Logger, silentLogger } from "../../logging/index.js";
import { type InProcessReplica, type RunningTfServingServer, startTfServingServer } from "../http/index.js";
import { BqdeployError } from "../../errors/index.js";
import { loadModelVersion } from "./load-model-version.js";
import { RepositorySource, type RepositorySourceOptions, type VersionLoader } from "./repository-source.js";

export interface EmbeddedServerOptions {
  /** Model repository `<repo>/<model>/<version>/` (models.config at its root is honoured). */
  repo: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8501; 0 picks a free port. */
  port?: number;
  /** Bearer token required on every request (needed to bind a non-loopback address). */
  token?: string;
  /** Explicitly allow a non-loopback address without a token. */
  allowUnauthenticated?: boolean;
  /** Seconds between scans for new versions, as --file_system_poll_wait_seconds (default 1; 0 = never). */
  pollSeconds?: number;
  /** Serve only these models. */
  models?: string[];
  /** Per-model version policy / label overrides (a pinned version, labels given on the command line). */
  overrides?: RepositorySourceOptions["overrides"];
  /** Serve TRANSFORM models' graphs alone. */
  noTransform?: boolean;
  logger?: Logger;
  /** How a version folder is loaded (default: loadModelVersion). */
  load?: VersionLoader;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  source: RepositorySource;
  /** This server for callers in the same process (no HTTP); closed with it. */
  inProcess: InProcessReplica;
  /** Rescans the repository now (new versions load, removed ones unload). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/;

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

/**
 * Serves a model repository with TF Serving's REST API from this process: the engine runs
 * SavedModels, the XGBoost evaluator runs boosters. Loads what is there, then polls for new versions.
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && !options.token && !options.allowUnauthenticated) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Refusing to serve on ${host} without a token: anyone who can reach it could use the model. Pass --token T (clients send "Authorization: Bearer T"), or --allow-unauthenticated if the network is trusted.`,
    );
  }
  const logger = options.logger ?? silentLogger;
  const source = new RepositorySource({
    repo: options.repo,
    models: options.models,
    overrides: options.overrides,
    logger,
    load: options.load ?? ((dir) => loadModelVersion(dir, { logger, noTransform: options.noTransform })),
  });
  await source.refresh();
  let server: RunningTfServingServer;
  try {
    server = await startTfServingServer({
      source,
      host,
      port: options.port ?? 8501,
      token: options.token,
      logger,
    });
  } catch (err) {
    await source.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      throw new BqdeployError(
        "PORT_IN_USE",
        `Port ${options.port ?? 8501} on ${host} is already in use. Stop what uses it or pass --port N (0 picks a free port).`,
        { cause: err },
      );
    }
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
      throw new BqdeployError(
        "INVALID_ARGUMENT",
        `Cannot listen on ${host}: no such address on this machine.`,
        { cause: err },
      );
    }
    throw err;
  }
  const pollMs = (options.pollSeconds ?? 1) * 1000;
  const timer =
    pollMs > 0
      ? setInterval(
          () =>
            void source.refresh().catch((e: unknown) => logger.error(`Repository scan failed: ${String(e)}`)),
          pollMs,
        )
      : undefined;
  timer?.unref();
  return {
    url: server.url,
    port: server.port,
    source,
    inProcess: server.inProcess,
    refresh: () => source.refresh(),
    async close() {
      if (timer) clearInterval(timer);
      await server.close();
      await source.close();
    },
  };
}
