import type { InProcessReplica } from "./http/in-process-replica.js";

/**
 * The Runtime interface: what every way of serving a model repository offers (Docker today, the
 * embedded in-process server next, Kubernetes later). Front-ends (`bqdeploy serve/ps/logs/stop`, the
 * API, the TUI) talk to a Runtime and never to Docker or the engine directly.
 */

/** What to serve: one model (plus optional others) of a TF Serving repository `<repo>/<model>/<version>/`. */
export interface DeploymentSpec {
  /** The model to serve; its folder is `<repo>/<model>`. Also the default deployment id. */
  model: string;
  /** Absolute or relative path of the model repository folder. */
  repo: string;
  /** Serve only this version (default: the latest version, picking up new ones as they appear). */
  version?: number;
  /** Other models of the same repository to serve from the same server. */
  otherModels?: string[];
  /** Version labels of `model` (e.g. `{stable: 1, canary: 2}`), served as `/labels/<label>`. */
  labels?: Record<string, number>;
  /** Host port of the first replica (replica i listens on port + i); 0 lets the runtime choose. Default 8501. */
  port?: number;
  /** Host interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Number of identical servers (default 1). */
  replicas?: number;
  /** Deployment id (default: the model name); one deployment per id. */
  id?: string;
  /** Seconds between scans of the repository for new versions (default 1). */
  pollSeconds?: number;
}

export type DeploymentState = "starting" | "available" | "degraded" | "exited";

/** A running (or stopped but not removed) deployment. */
export interface Deployment {
  id: string;
  runtime: "docker" | "embedded";
  model: string;
  /** One base URL per replica, e.g. `http://127.0.0.1:8501`. */
  endpoints: string[];
  replicas: number;
  /** ISO 8601 time the deployment was started. */
  startedAt: string;
  /** available: every replica answers; degraded: some do; exited: none is running. */
  state: DeploymentState;
}

/** One line of a deployment's server log. */
export interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
  /** Which replica wrote it (0-based). */
  replica: number;
}

export interface LogOptions {
  /** Keep streaming new lines until the signal aborts or the server stops. */
  follow?: boolean;
  /** Only the last N lines of each replica (default: all). */
  tail?: number;
  signal?: AbortSignal;
}

/** What a runtime reports while it starts a deployment (front-ends render these). */
export type RuntimeEvent =
  | { type: "pull"; image: string; status: string; layer?: string; current?: number; total?: number }
  | { type: "image"; image: string; source: "pulled" | "local"; message: string }
  | { type: "warning"; message: string }
  | { type: "starting"; replica: number; endpoint: string }
  | { type: "loading"; replica: number; state: string }
  | { type: "available"; replica: number; endpoint: string; version: number };

export interface CallOptions {
  signal?: AbortSignal;
}

export interface StartOptions extends CallOptions {
  onEvent?: (event: RuntimeEvent) => void;
}

/** A way to serve models. Every long call takes an AbortSignal; every failure is a BqdeployError. */
export interface Runtime {
  readonly name: "docker" | "embedded";
  /** Starts the servers and resolves once every replica reports the model AVAILABLE. */
  start(spec: DeploymentSpec, options?: StartOptions): Promise<Deployment>;
  /** The deployment's current state; NOT_FOUND when there is none with this id. */
  status(id: string, options?: CallOptions): Promise<Deployment>;
  /** Stops and removes the deployment's servers; NOT_FOUND when there is none with this id. */
  stop(id: string, options?: CallOptions): Promise<void>;
  /** Every deployment this runtime knows. */
  list(options?: CallOptions): Promise<Deployment[]>;
  /** The servers' log lines, replica by replica (interleaved as they come when following). */
  logs(id: string, options?: LogOptions): AsyncIterable<LogLine>;
  /**
   * The replica at `endpoint` (one of a deployment's endpoints) when it is a server running inside
   * this process and still open, so that a proxy here can skip HTTP; undefined otherwise. Runtimes
   * whose replicas run elsewhere (containers, pods) do not implement it.
   */
  inProcessReplica?(endpoint: string): InProcessReplica | undefined;
}
