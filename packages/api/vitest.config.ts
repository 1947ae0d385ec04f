import { defineConfig } from "vitest/config";

// Tests read sibling packages' sources through the "@bqdeploy/source" export condition: no build needed.
export default defineConfig({
  ssr: { resolve: { conditions: ["@bqdeploy/source", "module", "node", "development|production"] } },
  resolve: { conditions: ["@bqdeploy/source"] },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    passWithNoTests: true,
  },
});
