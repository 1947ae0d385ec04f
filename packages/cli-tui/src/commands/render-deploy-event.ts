import type { DeployEvent, RuntimeEvent } from "@bqdeploy/core";
import type { Output } from "../output/output.js";
import { renderPipelineEvent } from "./pull.js";

function runtimeLine(event: RuntimeEvent): string | undefined {
  switch (event.type) {
    case "image":
    case "warning":
      return event.message;
    case "starting":
      return `  replica ${event.replica}: starting on ${event.endpoint}`;
    case "available":
      return `  replica ${event.replica}: version ${event.version} AVAILABLE at ${event.endpoint}`;
    default:
      return undefined;
  }
}

/** Renders one deploy event (the pull's events, then serving and the smoke request). */
export function renderDeployEvent(out: Output, event: DeployEvent, state: { exportState?: string }): void {
  if (event.type === "runtime") {
    if (event.event.type === "pull" && event.event.total) {
      out.progress({
        label: `pull ${event.event.image}`,
        current: event.event.current ?? 0,
        total: event.event.total,
        unit: "bytes",
      });
      return;
    }
    out.event(event, runtimeLine(event.event));
  } else if (event.type === "step" && (event.step === "serve" || event.step === "smoke")) {
    out.event(event, event.status === "failed" ? undefined : event.message);
  } else if (event.type !== "deployed" && event.type !== "done") {
    renderPipelineEvent(out, event as Parameters<typeof renderPipelineEvent>[1], state);
  } else if (event.type === "done") {
    out.event({ ...event });
  }
}
