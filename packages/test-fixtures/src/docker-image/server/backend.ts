import { startTfServingServer } from "@bqdeploy/core";
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

/**
 * Serves the configured models on the REST port: core's shared TF Serving handler over a folder source
 * that loads versions with core's engine and booster evaluator (and scripted test models), and logs as
 * tensorflow/serving does. Not core's embedded runtime: that one serves no scripted models, logs in its
 * own words and refuses 0.0.0.0 without a token, where this image must behave like tensorflow/serving.
 */
export async function startBackend(
  flags: ServerFlags,
  models: ModelConfigEntry[],
  log: ServerLog,
): Promise<Backend> {
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
