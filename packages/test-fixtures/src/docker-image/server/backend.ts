import { startTfServingServer } from "@bqdeploy/core";
import * as embedded from "bqdeploy:embedded";
import type { ServerFlags } from "./flags.js";
import { FolderSource } from "./folder-source.js";
import type { ModelConfigEntry } from "./models-config.js";

export interface Backend {
  close(): Promise<void>;
}

export interface ServerLog {
  info(line: string): void;
  error(line: string): void;
}

type StartEmbeddedServer = (options: {
  host: string;
  port: number;
  models: ModelConfigEntry[];
  pollSeconds: number;
  logger: ServerLog;
}) => Promise<Backend>;

/**
 * Serves the configured models on the REST port. When core's embedded runtime exists it is bundled in
 * and used; until then, core's shared TF Serving handler serves a folder source that loads versions
 * with core's engine and booster evaluator.
 */
export async function startBackend(
  flags: ServerFlags,
  models: ModelConfigEntry[],
  log: ServerLog,
): Promise<Backend> {
  const startEmbedded = (embedded as { startEmbeddedServer?: unknown }).startEmbeddedServer;
  if (typeof startEmbedded === "function") {
    log.info("serving with bqdeploy's embedded runtime");
    const options = {
      host: "0.0.0.0",
      port: flags.restApiPort,
      models,
      pollSeconds: flags.pollSeconds,
      logger: log,
    };
    return (startEmbedded as StartEmbeddedServer)(options);
  }
  const source = new FolderSource(models, (line) =>
    /fail|could not|no versions/i.test(line) ? log.error(line) : log.info(line),
  );
  await source.scan();
  const timer = setInterval(() => void source.scan(), Math.max(flags.pollSeconds, 0.1) * 1000);
  const server = await startTfServingServer({ source, host: "0.0.0.0", port: flags.restApiPort });
  log.info(`Exporting HTTP/REST API at:localhost:${flags.restApiPort} ...`);
  return {
    close: async () => {
      clearInterval(timer);
      await server.close();
    },
  };
}
