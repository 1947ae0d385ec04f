import type { DeploymentRegistry, JobRegistry, ModelRepository, TfServingClient } from "@bqdeploy/core";

/** The core services the UI renders and drives; tests pass real ones over the offline fakes. */
export interface UiServices {
  repository: ModelRepository;
  deployments: DeploymentRegistry;
  jobs: JobRegistry;
  /** A client for a served endpoint (http://host:port). */
  client(url: string): TfServingClient;
  /** Cloud Storage endpoint override for pulls (a fake or emulator). */
  storageEndpoint?: string;
  /** Milliseconds between refreshes of deployments (default 1000). */
  refreshMs?: number;
}
