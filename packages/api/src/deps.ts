import type { DeploymentRegistry, JobRegistry, ModelRepository } from "@bqdeploy/core";
import type { Logger as PinoLogger } from "pino";
import type { ApiConfigInput } from "./config.js";

/** What createApp needs: core objects, a logger and the security settings. */
export interface ApiDeps {
  repository: ModelRepository;
  jobs: JobRegistry;
  /** Deployments across the runtimes offered (e.g. embedded and docker): POST /deployments and the /v1 proxy. */
  deployments: DeploymentRegistry;
  /** Request logs (pino); default silent. Never given the Authorization header. */
  logger?: PinoLogger;
  /** Bearer token required on every route but /healthz and /readyz; none means no check. */
  token?: string;
  config?: ApiConfigInput;
}
