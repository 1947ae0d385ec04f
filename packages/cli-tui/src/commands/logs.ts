import { defineCommand } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";
import { integerOption } from "./serve-docker.js";

/** `bqdeploy logs ID [-f] [--tail N]`: the model server's log, stdout to stdout and stderr to stderr. */
export const logsCommand = defineCommand({
  name: "logs",
  summary: "Show the model server's log of a Docker deployment",
  positionals: [
    {
      name: "ID",
      description: "Deployment id (the model name unless serve --name said otherwise)",
      required: true,
    },
  ],
  options: {
    follow: { type: "boolean", short: "f", description: "Keep streaming new lines until Ctrl-C" },
    tail: { type: "string", value: "N", description: "Only the last N lines of each replica" },
  },
  async run(ctx) {
    const tail = integerOption(ctx, "tail");
    const runtime = dockerRuntimeFor(ctx);
    const id = ctx.positionals[0] ?? "";
    try {
      for await (const line of runtime.logs(id, {
        follow: ctx.options.follow === true,
        signal: ctx.signal,
        ...(tail === undefined ? {} : { tail }),
      })) {
        if (ctx.out.json) ctx.io.stdout.write(`${JSON.stringify(line)}\n`);
        else (line.stream === "stderr" ? ctx.io.stderr : ctx.io.stdout).write(`${line.text}\n`);
      }
    } catch (error) {
      if (!ctx.signal.aborted) throw error;
    }
  },
});
