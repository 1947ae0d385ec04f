// Child process for lock tests: takes a lock file, says "held" on stdout, then waits to be killed.
import { acquireLock } from "../lock-file.js";

const path = process.argv[2];
if (!path) throw new Error("usage: hold-lock.ts <lock file>");
await acquireLock(path, { purpose: "hold the lock for a test" });
process.stdout.write("held\n");
setInterval(() => {}, 1000);
