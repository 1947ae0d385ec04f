// Runs every bench/src/*.bench.ts (or those whose name contains an argument) one after another.
// Each bench module exports `run(): Promise<void>` and prints its comparisons with lib/measure's report().
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches ${filters.join(", ") || "(none exist yet)"}`);
  process.exit(1);
}
// The packages are measured as users run them: their built dist/ (bench:source runs the TS sources).
const conditions = process.execArgv.join(" ");
if (!conditions.includes("@bqdeploy/source")) {
  const core = createRequire(import.meta.url).resolve("@bqdeploy/core");
  if (!existsSync(core)) {
    console.error("The packages are not built: run `npm run bench` (it builds first) or `npm run build`.");
    process.exit(1);
  }
}
const built = conditions.includes("@bqdeploy/source") ? "TS sources through tsx" : "built dist/";
console.log(
  `# bqdeploy benchmarks (node ${process.version}, ${new Date().toISOString()}, packages: ${built})`,
);
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<void> };
  console.log(`\n# ${file}`);
  await mod.run();
}
