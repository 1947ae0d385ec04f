import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startFakeTfServing, tipModelFake, type FakeTfServing } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { ReplicaForwarder } from "./replica-forwarder.js";

const SEED = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0,
};

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("ReplicaForwarder", () => {
  let a: FakeTfServing;
  let b: FakeTfServing;
  const forwarder = new ReplicaForwarder({ timeoutMs: 300 });
  beforeAll(async () => {
    [a, b] = await Promise.all([
      startFakeTfServing({ models: tipModelFake() }),
      startFakeTfServing({ models: tipModelFake() }),
    ]);
  });
  afterAll(async () => {
    await forwarder.close();
    await Promise.all([a.close(), b.close()]);
  });

  it("spreads requests round robin and passes answers on unchanged", async () => {
    const body = JSON.stringify({ instances: [SEED] });
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(
        await forwarder.forward("tip", [a.url, b.url], {
          method: "POST",
          path: "/v1/models/tip_model:predict",
          headers: { "content-type": "application/json" },
          body,
        }),
      );
    }
    expect(answers.map((x) => x.endpoint)).toEqual([a.url, b.url, a.url, b.url]);
    expect(answers[0]!.status).toBe(200);
    expect(answers[0]!.contentType).toContain("application/json");
    expect(JSON.parse(Buffer.from(answers[0]!.body).toString()).predictions).toHaveLength(1);
    const missing = await forwarder.forward("tip", [a.url], { method: "GET", path: "/v1/models/nope" });
    expect(missing.status).toBe(404);
  });

  it("skips a replica that refuses connections, and says UNAVAILABLE when all do", async () => {
    const dead = await closedPort();
    const answer = await forwarder.forward("mixed", [dead, a.url], {
      method: "GET",
      path: "/v1/models/tip_model",
    });
    expect(answer.endpoint).toBe(a.url);
    const err = await forwarder
      .forward("dead", [dead], { method: "GET", path: "/v1/models/x" })
      .catch((e) => e);
    expect(isBqdeployError(err) && err.code).toBe("UNAVAILABLE");
    const none = await forwarder.forward("empty", [], { method: "GET", path: "/" }).catch((e) => e);
    expect(isBqdeployError(none) && none.code).toBe("UNAVAILABLE");
  });

  it("gives up on a slow replica with DEADLINE_EXCEEDED", async () => {
    b.injectLatency(1_000);
    try {
      const err = await forwarder
        .forward("slow", [b.url], { method: "GET", path: "/v1/models/tip_model" })
        .catch((e) => e);
      expect(isBqdeployError(err) && err.code).toBe("DEADLINE_EXCEEDED");
    } finally {
      b.clearFaults();
    }
  });

  it("reads an answer sent in many chunks whole, keeps its content type, and calls back once", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    const server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        for (let i = 0; i < 16; i++) res.write(chunk);
        res.end("!");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const calls: { error: unknown; size: number | undefined; type: string | undefined }[] = [];
      await new Promise<void>((resolve) => {
        forwarder.dispatch(
          "big",
          [url],
          { method: "POST", path: "/x", body: Buffer.from("{}") },
          {
            onForwarded: (error, answer) => {
              calls.push({ error, size: answer?.body.byteLength, type: answer?.contentType });
              setTimeout(resolve, 50);
            },
          },
        );
      });
      expect(calls).toEqual([
        { error: undefined, size: 16 * chunk.length + 1, type: "text/plain; charset=utf-8" },
      ]);
      // Pools of replicas nobody serves any more are closed; a later request opens a new one.
      await forwarder.retain([a.url, b.url]);
      const again = await forwarder.forward("big", [url], { method: "GET", path: "/x" });
      expect(again.body.byteLength).toBe(16 * chunk.length + 1);
    } finally {
      await forwarder.retain([a.url, b.url]);
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
