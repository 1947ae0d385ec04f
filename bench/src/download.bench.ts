// Download throughput: downloadExport (SDK listing + undici media + CRC32C + .part/rename) against
// (a) a plain parallel undici download of the same objects at the same concurrency (no checks), and
// (b) the Storage SDK downloading the objects one after another. Objects come from the fake GCS, run
// in its own process like a remote service.
import { execFileSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createStorageClient, downloadExport } from "@bqdeploy/core";
import { Agent, request } from "undici";
import { startFakeGcsProcess } from "./lib/fake-gcs-process.js";
import { medianSeconds, report } from "./lib/measure.js";

const FILES = 500;
const LARGE = 20; // 20 files of ~7.5 MB, 480 of ~100 KB: about 200 MB in all
const CONCURRENCY = 8;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Per-request time to first byte of the fake, in ms: 25 is a realistic first-byte latency of Cloud
// Storage from a machine in the same region (tens of ms); 0 is the local-disk-bound condition.
const LATENCIES = (process.env.BENCH_LATENCY_MS ?? "25,0").split(",").map(Number);

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function run(): Promise<void> {
  for (const latencyMs of LATENCIES) await runAt(latencyMs);
}

async function runAt(latencyMs: number): Promise<void> {
  const gcs = await startFakeGcsProcess({
    latencyMs,
    bucket: "bench",
    prefix: "export",
    count: FILES,
    large: LARGE,
    largeSize: 7_500_000,
    smallSize: 100_000,
  });
  const work = await mkdtemp(join(tmpdir(), "bqdeploy-bench-dl-"));
  try {
    const names = gcs.names;
    const megabytes = gcs.bytes / 1e6;
    const fresh = async (): Promise<string> => {
      const to = join(work, "out");
      await rm(to, { recursive: true, force: true });
      return to;
    };

    const ours = async (): Promise<void> => {
      const to = await fresh();
      await downloadExport({
        source: "gs://bench/export",
        to,
        apiEndpoint: gcs.url,
        concurrency: CONCURRENCY,
      });
    };
    const plainFetch = async (): Promise<void> => {
      const to = await fresh();
      const dispatcher = new Agent({ connections: CONCURRENCY });
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < names.length) {
          const name = names[next++]!;
          const path = join(to, name.slice("export/".length));
          await mkdir(dirname(path), { recursive: true });
          const url = `${gcs.url}/storage/v1/b/bench/o/${encodeURIComponent(name)}?alt=media`;
          const response = await request(url, { dispatcher });
          await pipeline(response.body, createWriteStream(path));
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await dispatcher.close();
    };
    const storage = createStorageClient({ apiEndpoint: gcs.url, projectId: "bench" });
    const sequentialSdk = async (): Promise<void> => {
      const to = await fresh();
      for (const name of names) {
        const path = join(to, name.slice("export/".length));
        await mkdir(dirname(path), { recursive: true });
        await storage.bucket("bench").file(name).download({ destination: path });
      }
    };
    // Interleaved rounds, so that load from other processes on this shared machine hits all three alike.
    // One untimed round first: module loading and JIT warm-up would otherwise land on the first method.
    await ours();
    await plainFetch();
    await sequentialSdk();
    const times: number[][] = [[], [], []];
    const timed = async (m: number, fn: () => Promise<void>, round: number): Promise<void> => {
      await fresh();
      execFileSync("sync");
      times[m]!.push(await medianSeconds(fn, 1));
      if (process.env.BENCH_VERBOSE)
        console.log(`  ${latencyMs} ms, round ${round} method ${m}: ${times[m]!.at(-1)!.toFixed(2)} s`);
    };
    // downloadExport and the plain fetch alternate (order rotated each round; sync before each run so one
    // run's disk writeback does not land in the next). The sequential SDK runs last, on its own: run
    // between them, its aftermath slowed whichever run came next.
    for (let round = 0; round < RUNS; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const m of order) await timed(m, m === 0 ? ours : plainFetch, round);
    }
    for (let round = 0; round < RUNS; round++) await timed(2, sequentialSdk, round);
    const [measured, plain, sequential] = times.map(median) as [number, number, number];

    const notes = `${FILES} files, ${megabytes.toFixed(0)} MB, ${latencyMs} ms per-request latency, concurrency ${CONCURRENCY}, median of ${RUNS} runs each after a warm-up round; see BENCHMARKS.md`;
    report({
      name: `download (${latencyMs} ms latency): downloadExport vs plain parallel undici fetch`,
      unit: "MB/s",
      measured: megabytes / measured,
      baseline: megabytes / plain,
      baselineName: `undici request, ${CONCURRENCY} in parallel, no checksum`,
      target: 0.8,
      notes,
    });
    report({
      name: `download (${latencyMs} ms latency): downloadExport vs sequential SDK download`,
      unit: "MB/s",
      measured: megabytes / measured,
      baseline: megabytes / sequential,
      baselineName: "@google-cloud/storage file.download, one at a time",
      target: 4,
      notes,
    });
  } finally {
    await gcs.close();
    await rm(work, { recursive: true, force: true });
  }
}
