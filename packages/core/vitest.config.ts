import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const fixtures = fileURLToPath(new URL("../test-fixtures/src", import.meta.url));

// Tests read sibling packages' sources through the "@bqdeploy/source" export condition: no build needed.
// test-fixtures depends on core, so core's tests reach the fixtures by alias instead of a package
// dependency (a dependency would make a cycle in the workspace graph).
export default defineConfig({
  ssr: { resolve: { conditions: ["@bqdeploy/source", "module", "node", "development|production"] } },
  resolve: {
    conditions: ["@bqdeploy/source"],
    alias: [
      // The fixtures import @bqdeploy/core (the TF Serving fake); core is not its own dependency.
      { find: /^@bqdeploy\/core$/, replacement: fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
      { find: /^@bqdeploy\/test-fixtures\/(.+)$/, replacement: `${fixtures}/$1/index.ts` },
      { find: /^@bqdeploy\/test-fixtures$/, replacement: `${fixtures}/index.ts` },
    ],
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    globalSetup: ["./vitest.global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    passWithNoTests: true,
  },
});
