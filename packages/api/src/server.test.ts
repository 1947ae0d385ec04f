import { describeTfServingConformance, SEED_INSTANCE, TIP_MODEL } from "@bqdeploy/test-fixtures/conformance";
import { type Logger, pino } from "pino";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness, TOKEN } from "./__tests__/harness.js";
import { type RunningApiServer, startApiServer } from "./server.js";

const auth = { authorization: `Bearer ${TOKEN}` };

/** The harness's app listening on 127.0.0.1:0, with deployments of the given models started. */
async function listening(
  models: string[],
  replicas = 1,
  logger?: Logger,
): Promise<{ h: Harness; server: RunningApiServer }> {
  const h = harness({}, logger);
  for (const model of models) await h.runtime.start({ model, repo: h.repository.root, replicas });
  const server = await startApiServer(h.app, { port: 0, hasToken: true });
  return { h, server };
}

describeTfServingConformance(
  "TF Serving conformance: the API's /v1 proxy (fake TF Serving behind it)",
  async () => {
    const { h, server } = await listening(["tip_model", "iris", "loading_model"], 2);
    return {
      baseUrl: server.url,
      headers: auth,
      model: TIP_MODEL,
      versionsAndLabel: true,
      multiOutputModel: "iris",
      loadingModel: "loading_model",
      close: async () => {
        await server.close();
        await h.close();
      },
    };
  },
);

describe("the API over real HTTP", () => {
  let h: Harness;
  let server: RunningApiServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
    ({ h, server } = await listening(["tip_model"], 2, logger));
  });
  afterAll(async () => {
    await server.close();
    await h.close();
  });

  it("answers management routes and 401 over HTTP", async () => {
    expect((await fetch(`${server.url}/models`)).status).toBe(401);
    const res = await fetch(`${server.url}/models`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const big = await fetch(`${server.url}/v1/models/tip_model:predict`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: "x".repeat(9 * 1024 * 1024),
    }).catch(() => undefined);
    // The server may close the connection while the body is still being sent; if an answer came, it is 413.
    if (big) expect(big.status).toBe(413);
  });

  it("answers /v1 without the token with 401 in TF Serving's shape, and logs no token", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${TOKEN}`]) {
      const res = await fetch(`${server.url}/v1/models/tip_model:predict`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ instances: [SEED_INSTANCE] }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(typeof ((await res.json()) as { error: unknown }).error).toBe("string");
    }
    const ok = await fetch(`${server.url}/v1/models/tip_model:predict?x=1`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json", "x-request-id": "req-42" },
      body: JSON.stringify({ instances: [SEED_INSTANCE] }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toContain("application/json");
    await ok.text();
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.find((l) => l.reqId === "req-42")).toMatchObject({
      method: "POST",
      path: "/v1/models/tip_model:predict",
      status: 200,
    });
    expect(logged.filter((l) => l.status === 401 && l.path === "/v1/models/tip_model:predict")).toHaveLength(
      3,
    );
    expect(lines.join("\n")).not.toContain(TOKEN);
    expect(lines.join("\n")).not.toContain("wrong");
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(
      /bqdeploy_api_requests_total\{method="POST",route="\/v1\/models\/\{model\}:predict",model="tip_model",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /bqdeploy_api_requests_total\{method="POST",route="\/v1\/\*",model="",status="401"\} 3/,
    );
    expect(metrics).toMatch(/bqdeploy_api_predictions_total\{model="tip_model",outcome="ok"\} [1-9]/);
  });

  it("spreads predictions over both replicas", async () => {
    const replicas = h.runtime.servers.get("tip_model")!.replicas;
    const before = replicas.map((r) => r.calls.length);
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${server.url}/v1/models/tip_model:predict`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ instances: [SEED_INSTANCE] }),
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(replicas.map((r, i) => r.calls.length - before[i]!)).toEqual([3, 3]);
    // The backend never sees the API's token.
    expect(replicas[0]!.calls.at(-1)!.headers.authorization).toBeUndefined();
  });

  it("200 concurrent connections for 10 s of predictions: zero errors, bounded memory", async () => {
    const agent = new Agent({ connections: 200, keepAliveTimeout: 10_000 });
    const body = JSON.stringify({ instances: [SEED_INSTANCE] });
    const end = performance.now() + 10_000;
    let ok = 0;
    let errors = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const worker = async (): Promise<void> => {
      while (performance.now() < end) {
        try {
          const res = await request(`${server.url}/v1/models/tip_model:predict`, {
            method: "POST",
            headers: { ...auth, "content-type": "application/json" },
            body,
            dispatcher: agent,
          });
          const text = await res.body.text();
          if (res.statusCode === 200 && text.includes("predictions")) ok++;
          else errors++;
        } catch {
          errors++;
        }
        if ((ok + errors) % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      }
    };
    await Promise.all(Array.from({ length: 200 }, worker));
    await agent.close();
    expect(errors).toBe(0);
    expect(ok).toBeGreaterThan(200);
    // Client, proxy and both replicas share this heap; it must not grow without bound.
    expect(heapPeak - heapBefore).toBeLessThan(256 * 1024 * 1024);
  }, 60_000);
});
