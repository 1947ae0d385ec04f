import {
  type Deployment,
  DeploymentRegistry,
  InProcessReplica,
  RequestMetrics,
  type Runtime,
} from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { DeploymentTable } from "./deployment-table.js";

const deployment = (
  id: string,
  model: string,
  state: Deployment["state"],
  endpoints: string[],
): Deployment => ({
  id,
  runtime: "embedded",
  model,
  endpoints,
  replicas: endpoints.length,
  startedAt: "2026-11-25T00:00:00.000Z",
  state,
});

/** A runtime listing `current`, each list() waiting for `gate` when set. */
function runtime(current: { list: Deployment[]; gate?: Promise<void>; calls: number }): Runtime {
  const none = async (): Promise<Deployment> => {
    throw new Error("not used");
  };
  return {
    name: "embedded",
    start: none,
    status: none,
    stop: async () => {},
    list: async () => {
      current.calls++;
      const list = current.list;
      await current.gate;
      return list;
    },
    logs: async function* () {},
  };
}

describe("DeploymentTable", () => {
  it("resolves each model's ready replicas once per reload and reports every endpoint", async () => {
    const state = {
      calls: 0,
      list: [
        deployment("a", "tip", "available", ["http://127.0.0.1:1", "http://127.0.0.1:2"]),
        deployment("b", "tip", "starting", ["http://127.0.0.1:3"]),
        deployment("c", "iris", "exited", ["http://127.0.0.1:4"]),
      ],
    };
    const reloads: string[][] = [];
    const table = new DeploymentTable(new DeploymentRegistry({ embedded: runtime(state) }), 60_000, (e) =>
      reloads.push([...e].sort()),
    );
    expect(table.cachedRoute("tip")).toBeUndefined();
    const tip = await table.routeOf("tip");
    expect(tip?.endpoints).toEqual(["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    expect(tip?.deployments.map((d) => d.id)).toEqual(["a", "b"]);
    expect(table.cachedRoute("tip")).toBe(tip);
    expect(table.cachedRoute("iris")?.endpoints).toEqual([]);
    expect(table.cachedRoute("absent")).toBeNull();
    expect(await table.forModel("absent")).toEqual([]);
    expect(state.calls).toBe(1);
    expect(reloads).toEqual([
      ["http://127.0.0.1:1", "http://127.0.0.1:2", "http://127.0.0.1:3", "http://127.0.0.1:4"],
    ]);
  });

  it("does not cache a list that was loading when it was invalidated", async () => {
    let open = (): void => {};
    const state: { calls: number; list: Deployment[]; gate?: Promise<void> } = {
      calls: 0,
      list: [deployment("a", "tip", "available", ["http://127.0.0.1:1"])],
      gate: new Promise<void>((resolve) => {
        open = resolve;
      }),
    };
    const table = new DeploymentTable(new DeploymentRegistry({ embedded: runtime(state) }), 60_000);
    const stale = table.routeOf("tip");
    // The deployment stops while the first list is under way.
    state.list = [];
    table.invalidate();
    const fresh = table.routeOf("tip");
    open();
    expect((await stale)?.endpoints).toEqual(["http://127.0.0.1:1"]);
    expect(await fresh).toBeNull();
    expect(table.cachedRoute("tip")).toBeNull();
    expect(state.calls).toBe(2);
  });

  it("resolves the ready replicas that run in this process, and keeps the others for HTTP", async () => {
    const state = {
      calls: 0,
      list: [
        deployment("a", "tip", "available", ["http://127.0.0.1:1", "http://127.0.0.1:2"]),
        deployment("b", "tip", "starting", ["http://127.0.0.1:3"]),
        deployment("c", "iris", "available", ["http://127.0.0.1:4"]),
      ],
    };
    const answer = { status: 200, headers: {}, body: "{}" };
    const dispatch = Object.assign(async () => answer, {
      metrics: new RequestMetrics(),
      respond: () => answer,
    });
    // Port 2 and port 3 are servers of this process; port 3's deployment is not ready.
    const here = new Map(
      ["http://127.0.0.1:2", "http://127.0.0.1:3"].map((e) => [e, new InProcessReplica(e, dispatch, 1024)]),
    );
    const embedded: Runtime = { ...runtime(state), inProcessReplica: (endpoint) => here.get(endpoint) };
    const table = new DeploymentTable(new DeploymentRegistry({ embedded }), 60_000);
    const tip = await table.routeOf("tip");
    expect(tip?.endpoints).toEqual(["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    expect(tip?.local).toEqual([undefined, here.get("http://127.0.0.1:2")]);
    expect(tip?.remote).toEqual(["http://127.0.0.1:1"]);
    const iris = table.cachedRoute("iris");
    expect(iris?.local).toBeUndefined();
    expect(iris?.remote).toEqual(["http://127.0.0.1:4"]);
  });
});
