import type { Deployment } from "@bqdeploy/core";
import { defineCommand } from "../cli/command.js";
import { dockerRuntimeFor } from "./docker-runtime.js";

function table(deployments: Deployment[]): string {
  if (deployments.length === 0) return "No deployments. Start one with `bqdeploy serve --runtime docker`.";
  const rows = [
    ["ID", "MODEL", "RUNTIME", "STATE", "REPLICAS", "STARTED", "ENDPOINTS"],
    ...deployments.map((d) => [
      d.id,
      d.model,
      d.runtime,
      d.state,
      String(d.replicas),
      d.startedAt.replace(/\.\d+Z$/, "Z"),
      d.endpoints.join(" "),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "))
    .join("\n");
}

/** `bqdeploy ps`: the deployments bqdeploy started in Docker, with their state and endpoints. */
export const psCommand = defineCommand({
  name: "ps",
  summary: "List deployments started with --runtime docker",
  async run(ctx) {
    const deployments = await dockerRuntimeFor(ctx).list({ signal: ctx.signal });
    ctx.out.result(deployments, table(deployments));
  },
});
