// The entry point of the bqdeploy/tf-serving-fake image (bundled to /opt/bqdeploy/server.js).
// As PID 1 it only supervises: it runs the server as a child and exits as a shell would, with
// 128 + signal when the child dies by a signal (PID 1 ignores signals it has no handler for, so a
// SIGILL sent to itself would not kill it; the child's death by SIGILL gives the real exit code 132).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { constants } from "node:os";
import { startBackend } from "./backend.js";
import { parseServerFlags } from "./flags.js";
import { type ModelConfigEntry, parseModelsConfig } from "./models-config.js";

const stamp = (): string => new Date().toISOString();
const log = {
  info: (line: string) => process.stdout.write(`${stamp()}: I bqdeploy] ${line}\n`),
  error: (line: string) => process.stderr.write(`${stamp()}: E bqdeploy] ${line}\n`),
};

function supervise(): void {
  const child = spawn(process.execPath, process.argv.slice(1), {
    stdio: "inherit",
    env: { ...process.env, BQDEPLOY_SERVER_CHILD: "1" },
  });
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) =>
    process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1)),
  );
}

async function serve(): Promise<void> {
  const flags = parseServerFlags(process.argv.slice(2), process.env);
  const models: ModelConfigEntry[] = flags.modelConfigFile
    ? parseModelsConfig(readFileSync(flags.modelConfigFile, "utf8"))
    : [
        {
          name: flags.modelName,
          basePath: flags.modelBasePath,
          policy: { kind: "latest", count: 1 },
          labels: {},
        },
      ];
  log.info(
    `Building single TensorFlow model file config: ${models.map((m) => `${m.name} -> ${m.basePath}`).join(", ")}`,
  );
  // Where tensorflow/serving first runs AVX code on a CPU without it.
  if (flags.fakeSigill) process.kill(process.pid, "SIGILL");
  const backend = await startBackend(flags, models, log);
  const stop = (): void => void backend.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.pid === 1 && process.env.BQDEPLOY_SERVER_CHILD !== "1") supervise();
else
  serve().catch((error: unknown) => {
    log.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
