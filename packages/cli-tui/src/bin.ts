#!/usr/bin/env node
import { main } from "./cli/main.js";
import { processIo } from "./cli/io.js";

// SIGINT/SIGTERM abort the running command (servers shut down gracefully); a second signal exits at once.
const controller = new AbortController();
let stopping = false;
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    if (stopping) process.exit(130);
    stopping = true;
    controller.abort(new Error(`received ${sig}`));
  });
}
const code = await main(process.argv.slice(2), processIo(), { signal: controller.signal });
process.exitCode = code;
