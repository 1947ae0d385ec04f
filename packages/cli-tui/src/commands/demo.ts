import { defineCommand } from "../cli/command.js";

/** `bqdeploy demo`: the whole pipeline offline, on the embedded runtime. */
export const demoCommand = defineCommand({
  name: "demo",
  summary: "Run the whole pipeline offline (fake BigQuery and Cloud Storage, embedded runtime) and predict",
  options: {
    repo: {
      type: "string",
      value: "DIR",
      description: "Model repository to install into (default ./models)",
    },
    port: { type: "string", value: "N", description: "Port to serve on (default 8501; a free one if taken)" },
  },
  details: "No Docker and no Google account needed. `npm run demo` runs this after installing.",
  async run(ctx) {
    // Loaded on demand: the fakes are only for the demo and tests.
    const { runDemo } = await import("../demo/run-demo.js");
    return runDemo(ctx);
  },
});
