// The fake GCS in its own process, as a remote service would be: its CPU is not taken from the client
// being measured. Forked from this same file with --fake-gcs-child.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startFakeGcs } from "@bqdeploy/test-fixtures";

/** Objects to create: `count` objects under `prefix`, the first `large` of `largeSize` bytes, the rest `smallSize`. */
export interface ExportSpec {
  bucket: string;
  prefix: string;
  count: number;
  large: number;
  largeSize: number;
  smallSize: number;
  /** Time to first byte of every listing and media answer, in ms (real Cloud Storage: tens of ms). */
  latencyMs?: number;
}

export interface FakeGcsProcess {
  url: string;
  names: string[];
  bytes: number;
  close(): Promise<void>;
}

/** Forks a process that serves a fake GCS holding the objects of `spec`. */
export async function startFakeGcsProcess(spec: ExportSpec): Promise<FakeGcsProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["--fake-gcs-child"], { execArgv: process.execArgv });
  const ready = await new Promise<{ url: string; names: string[]; bytes: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { url: string; names: string[]; bytes: number }));
    child.once("exit", (code) => reject(new Error(`fake GCS process exited with ${code}`)));
    child.send(spec);
  });
  return { ...ready, close: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill();
  });
}

if (process.argv.includes("--fake-gcs-child")) {
  process.once("message", async (message) => {
    const spec = message as ExportSpec;
    const gcs = await startFakeGcs({ buckets: [spec.bucket], latencyMs: spec.latencyMs ?? 0 });
    const sizes = Array.from(
      { length: spec.count },
      (_, i) => (i < spec.large ? spec.largeSize : spec.smallSize) + i,
    );
    const pool = randomBytes(sizes.reduce((a, b) => a + b, 0));
    const names: string[] = [];
    let at = 0;
    sizes.forEach((size, i) => {
      const name = `${spec.prefix}/${i < spec.large ? "variables" : `assets/g${i % 10}`}/file-${i}.bin`;
      gcs.putObject(spec.bucket, name, pool.subarray(at, at + size));
      names.push(name);
      at += size;
    });
    process.send?.({ url: gcs.url, names, bytes: at });
    process.once("SIGTERM", () => {
      void gcs.close().then(() => process.exit(0));
    });
  });
}
