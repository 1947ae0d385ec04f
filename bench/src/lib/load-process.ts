// The load generator of lib/load.ts in its own process, as clients on other machines would be: its CPU
// is not taken from the event loop of the server being measured. Forked from this same file with
// --load-child; one run at a time.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type LoadOptions, type LoadResult, runLoad } from "./load.js";
import { stop } from "./tf-serving-process.js";

export interface LoadProcess {
  /** runLoad() in the child; `cpuMicros` is the child's CPU time (user + system, µs) during the run. */
  run(options: LoadOptions): Promise<LoadResult & { cpuMicros: number }>;
  close(): Promise<void>;
}

type FromChild = { ready: true } | { result: LoadResult & { cpuMicros: number } } | { error: string };

export async function startLoadProcess(): Promise<LoadProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["--load-child"], { execArgv: process.execArgv });
  const next = (): Promise<FromChild> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load process exited with ${code}`));
      child.once("exit", onExit);
      child.once("message", (m) => {
        child.off("exit", onExit);
        resolve(m as FromChild);
      });
    });
  await next();
  return {
    async run(options) {
      const answer = next();
      child.send(options);
      const m = await answer;
      if ("error" in m) throw new Error(`load process: ${m.error}`);
      if (!("result" in m)) throw new Error("load process: unexpected message");
      return m.result;
    },
    close: () => stop(child),
  };
}

if (process.argv.includes("--load-child")) {
  process.on("message", (options) => {
    const before = process.cpuUsage();
    runLoad(options as LoadOptions).then(
      (result) => {
        const { user, system } = process.cpuUsage(before);
        process.send?.({ result: { ...result, cpuMicros: user + system } });
      },
      (err: unknown) => process.send?.({ error: String(err) }),
    );
  });
  process.send?.({ ready: true });
}
