import type { Deployment } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import {
  deploymentsReducer,
  initialDeploymentsState,
  selectedDeployment,
  uptime,
} from "./deployments-reducer.js";

const deployment = (id: string): Deployment => ({
  id,
  runtime: "embedded",
  model: id,
  endpoints: ["http://127.0.0.1:8501"],
  replicas: 1,
  startedAt: "2026-01-01T00:00:00.000Z",
  state: "available",
});

describe("deploymentsReducer", () => {
  it("lists deployments, moves, and records version states", () => {
    let s = deploymentsReducer(initialDeploymentsState, {
      type: "deployments/loaded",
      items: [deployment("a"), deployment("b")],
      unavailable: ["docker: Docker is not running"],
    });
    s = deploymentsReducer(s, { type: "deployments/move", delta: 1 });
    expect(selectedDeployment(s)?.id).toBe("b");
    s = deploymentsReducer(s, {
      type: "deployments/versions",
      id: "b",
      versions: [{ version: 1, state: "AVAILABLE", errorCode: "OK", errorMessage: "" }],
    });
    expect(s.versions.b?.[0]?.state).toBe("AVAILABLE");
    expect(s.unavailable).toHaveLength(1);
  });

  it("tracks busy work and errors", () => {
    const busy = deploymentsReducer(initialDeploymentsState, { type: "deployments/busy", what: "starting" });
    expect(busy.busy).toBe("starting");
    const failed = deploymentsReducer(busy, { type: "deployments/failed", error: "NOT_FOUND: x" });
    expect(failed).toMatchObject({ busy: undefined, error: "NOT_FOUND: x" });
    expect(deploymentsReducer(failed, { type: "deployments/busy", what: "again" }).error).toBeUndefined();
  });

  it("formats uptime", () => {
    const start = "2026-01-01T00:00:00.000Z";
    expect(uptime(start, Date.parse(start) + 5_000)).toBe("5s");
    expect(uptime(start, Date.parse(start) + 192_000)).toBe("3m 12s");
    expect(uptime(start, Date.parse(start) + 7_500_000)).toBe("2h 5m");
  });
});
