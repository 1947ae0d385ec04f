import {
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  TfServingClient,
} from "@bqdeploy/core";
import type { CommandContext } from "../cli/command.js";
import type { UiServices } from "../ui/services.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

/** The core services behind `bqdeploy ui` on the repository `repo`, and how to release them at the end. */
export function createUiServices(
  ctx: CommandContext,
  repo: string,
): { services: UiServices; close(): Promise<void> } {
  const deployments = new DeploymentRegistry({
    embedded: new EmbeddedRuntime(),
    docker: dockerRuntimeFor(ctx),
  });
  // One keep-alive client per endpoint, reused by every refresh and request.
  const clients = new Map<string, TfServingClient>();
  const client = (url: string): TfServingClient => {
    const existing = clients.get(url);
    if (existing) return existing;
    const created = new TfServingClient({ url, retries: 0, timeoutMs: 10_000 });
    clients.set(url, created);
    return created;
  };
  return {
    services: {
      repository: new ModelRepository(repo),
      deployments,
      jobs: new JobRegistry(),
      client,
      storageEndpoint: ctx.settings.storageEndpoint,
    },
    async close() {
      await Promise.allSettled([...clients.values()].map((c) => c.close()));
    },
  };
}
