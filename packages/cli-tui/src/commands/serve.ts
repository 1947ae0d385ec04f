import { BqdeployError } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { serveWithDocker } from "./serve-docker.js";

/** `bqdeploy serve`: serves a model repository (the Docker part; the embedded runtime plugs in here). */
export const serveCommand = defineCommand({
  name: "serve",
  summary: "Serve a model repository over TF Serving's REST API",
  options: {
    repo: { type: "string", value: "DIR", description: "Model repository (<repo>/<model>/<version>/)" },
    runtime: { type: "string", value: "NAME", description: "embedded or docker" },
    model: {
      type: "string",
      value: "NAME",
      description: "Serve only this model (default: every model in the repository)",
    },
    "model-version": {
      type: "string",
      value: "N",
      description: "Serve only this version (default: the latest, following new ones)",
    },
    label: {
      type: "string",
      multiple: true,
      value: "L=V",
      description: "Version label, e.g. stable=1 (repeatable)",
    },
    host: { type: "string", value: "ADDR", description: "Address to listen on (default 127.0.0.1)" },
    port: {
      type: "string",
      value: "N",
      description: "Port (default 8501; replicas use the next ones; 0 = any free)",
    },
    image: {
      type: "string",
      value: "IMAGE",
      description: "Docker image (default tensorflow/serving:2.19.0)",
    },
    replicas: { type: "string", value: "N", description: "Docker: number of containers (default 1)" },
    name: { type: "string", value: "ID", description: "Docker: deployment id (default: the model name)" },
    follow: { type: "boolean", short: "f", description: "Docker: stream the logs until Ctrl-C, then stop" },
  },
  details: [
    "Examples:",
    "  bqdeploy serve --runtime docker --repo ./models --model tip_model",
    "  bqdeploy serve --runtime docker --replicas 2 --port 8501 --image tensorflow/serving:2.19.0",
  ].join("\n"),
  async run(ctx) {
    if (ctx.settings.runtime === "docker") {
      await serveWithDocker(ctx);
      return;
    }
    throw new BqdeployError(
      "FAILED_PRECONDITION",
      "The embedded runtime is not part of this build yet: use --runtime docker.",
    );
  },
});
