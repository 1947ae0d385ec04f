// The fake TF Serving in its own process, as tensorflow/serving (Docker) or the embedded runtime runs
// beside the API: its CPU is not taken from the event loop of the process being measured. Forked from
// this same file with --tf-serving-child.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeTfServing, tipModelFake } from "@bqdeploy/test-fixtures";

export interface TfServingProcess {
  url: string;
  /** CPU time (user + system, µs) the process has used so far. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

type FromChild = { url: string } | { cpu: number };

/** Forks a process serving the tip_model fake (no metrics) on 127.0.0.1:0. */
export async function startTfServingProcess(): Promise<TfServingProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["--tf-serving-child"], { execArgv: process.execArgv });
  const next = (): Promise<FromChild> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`TF Serving process exited with ${code}`));
      child.once("exit", onExit);
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as FromChild);
      });
    });
  const { url } = (await next()) as { url: string };
  return {
    url,
    async cpuMicros() {
      const answer = next();
      child.send("cpu");
      return ((await answer) as { cpu: number }).cpu;
    },
    close: () => stop(child),
  };
}

export function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once("exit", () => resolve());
    child.kill();
  });
}

if (process.argv.includes("--tf-serving-child")) {
  const backend = await startFakeTfServing({ models: tipModelFake(), metrics: false });
  // The fake records every call; a long run must not grow this process without bound.
  setInterval(() => {
    backend.calls.length = 0;
  }, 1_000).unref();
  process.on("message", () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpu: user + system });
  });
  process.once("SIGTERM", () => {
    void backend.close().then(() => process.exit(0));
  });
  process.send?.({ url: backend.url });
}
