import { resolve } from "node:path";
import {
  DeploymentRegistry,
  EmbeddedRuntime,
  JobRegistry,
  ModelRepository,
  TfServingClient,
} from "@bqdeploy/core";
import { defineCommand, UsageError } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

/** `bqdeploy ui`: the full-screen terminal UI. React and Ink load only here (a dynamic import). */
export const uiCommand = defineCommand({
  name: "ui",
  summary: "Full-screen terminal UI: models, deployments, logs, predict, jobs",
  options: {
    repo: { type: "string", value: "DIR", description: "Model repository folder (default ./models)" },
    "storage-endpoint": {
      type: "string",
      value: "URL",
      description: "Cloud Storage endpoint for pulls (an emulator or fake)",
    },
  },
  details: ["Keys: tab / shift+tab screens, arrows move, enter confirms, esc closes, ? help, q quits."].join(
    "\n",
  ),
  async run(ctx) {
    const stdin = ctx.io.stdin as NodeJS.ReadStream;
    if (!ctx.io.stdout.isTTY || !stdin.isTTY)
      throw new UsageError("bqdeploy ui needs a terminal; for scripts use the other commands (see --help).");
    const repo = resolve(ctx.io.cwd, ctx.settings.repo);
    const { runUi } = await import("../ui/run-ui.js");
    const { colourFromEnv } = await import("../ui/components/theme.js");
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
    await runUi({
      services: {
        repository: new ModelRepository(repo),
        deployments,
        jobs: new JobRegistry(),
        client,
        storageEndpoint: ctx.settings.storageEndpoint,
      },
      repoLabel: repo,
      colour: colourFromEnv(ctx.io.env),
      stdin,
      stdout: ctx.io.stdout as NodeJS.WriteStream,
      stderr: ctx.io.stderr as NodeJS.WriteStream,
      signal: ctx.signal,
    });
    await Promise.allSettled([...clients.values()].map((c) => c.close()));
    return 0;
  },
});
