import type Docker from "dockerode";
import type { Deployment } from "../runtime.js";
import { LABEL } from "./container-plan.js";
import { probeModelStatus } from "./wait-available.js";

/** Our containers grouped by deployment id, each group sorted by replica. */
export function groupByDeployment(containers: Docker.ContainerInfo[]): Map<string, Docker.ContainerInfo[]> {
  const groups = new Map<string, Docker.ContainerInfo[]>();
  for (const container of containers) {
    const id = container.Labels[LABEL.deployment] ?? container.Names[0]?.replace(/^\//, "") ?? container.Id;
    groups.set(id, [...(groups.get(id) ?? []), container]);
  }
  for (const group of groups.values())
    group.sort((a, b) => Number(a.Labels[LABEL.replica]) - Number(b.Labels[LABEL.replica]));
  return groups;
}

/** The endpoint of a container's published REST port, if it is published. */
export function containerEndpoint(container: Docker.ContainerInfo): string | undefined {
  const port = container.Ports.find((p) => p.PrivatePort === 8501 && p.PublicPort);
  if (!port) return undefined;
  const host = !port.IP || port.IP === "0.0.0.0" || port.IP === "::" ? "127.0.0.1" : port.IP;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port.PublicPort}`;
}

/**
 * A deployment as its containers show it. The state asks each running server for the model's status:
 * available when every replica serves it, starting when none does yet, degraded in between, exited
 * when no container runs.
 */
export async function describeDeployment(
  id: string,
  containers: Docker.ContainerInfo[],
  signal?: AbortSignal,
): Promise<Deployment> {
  const first = containers[0];
  const model = first?.Labels[LABEL.model] ?? id;
  const running = containers.filter((c) => c.State === "running");
  const endpoints = running.map(containerEndpoint).filter((e): e is string => e !== undefined);
  const probes = await Promise.all(
    endpoints.map((endpoint) => probeModelStatus(endpoint, model, undefined, signal)),
  );
  const available = probes.filter((p) => p.available !== undefined).length;
  const state =
    running.length === 0
      ? "exited"
      : available === containers.length
        ? "available"
        : available === 0 && running.length === containers.length
          ? "starting"
          : "degraded";
  return {
    id,
    runtime: "docker",
    model,
    endpoints,
    replicas: containers.length,
    startedAt: first?.Labels[LABEL.startedAt] ?? new Date((first?.Created ?? 0) * 1000).toISOString(),
    state,
  };
}
