import { defineCommand } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

/** `bqdeploy stop ID`: stops and removes a Docker deployment's containers. */
export const stopCommand = defineCommand({
  name: "stop",
  summary: "Stop and remove a Docker deployment",
  positionals: [{ name: "ID", description: "Deployment id (see bqdeploy ps)", required: true }],
  async run(ctx) {
    const id = ctx.positionals[0] ?? "";
    await dockerRuntimeFor(ctx).stop(id, { signal: ctx.signal });
    ctx.out.result({ stopped: id }, `stopped ${id}`);
  },
});
