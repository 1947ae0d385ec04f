import type { JobRegistry, ModelRepository, Runtime } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import type { ApiConfigInput } from "./config.js";

/** The runtimes deployments can be started on, by name. */
export type RuntimeSet = Partial<Record<Runtime["name"], Runtime>>;

/** What createApp needs: core objects, a logger and the security settings. */
export interface ApiDeps {
  repository: ModelRepository;
  jobs: JobRegistry;
  /** Runtimes for POST /deployments and the /v1 proxy (e.g. embedded and docker). */
  runtimes: RuntimeSet;
  /** Request logs (pino); default silent. Never given the Authorization header. */
  logger?: PinoLogger;
  /** Bearer token required on every route but /healthz and /readyz; none means no check. */
  token?: string;
  config?: ApiConfigInput;
}
