// Child process of the crash-safety test: loads everything, prints "ready", waits for a line on stdin,
// then pulls and prints every event as a JSON line. The test kills it with SIGKILL at a random moment.
import { createInterface } from "node:readline";
import { pullToEnd } from "../pull.js";

const [storageEndpoint, repo, source, model, concurrency] = process.argv.slice(2);
if (!storageEndpoint || !repo || !source || !model)
  throw new Error("usage: pull-child.ts <gcs url> <repo> <source> <model> [concurrency]");
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const _line of lines) break;
lines.close();
await pullToEnd(
  { source, model, repo, storageEndpoint, concurrency: Number(concurrency ?? 2), progressIntervalMs: 0 },
  (event) => process.stdout.write(`${JSON.stringify(event)}\n`),
);
process.exit(0);
