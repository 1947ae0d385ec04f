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
const argv = process.argv.slice(2);
// `bqdeploy ui` is interactive and must draw at once: it loads its one command, not the whole list (whose
// modules bring in most of core). findCommand matches commands on the leading words of argv, as here.
const commands = argv[0] === "ui" ? [(await import("./commands/ui.js")).uiCommand] : undefined;
const code = await main(argv, processIo(), { signal: controller.signal, commands });
process.exitCode = code;
