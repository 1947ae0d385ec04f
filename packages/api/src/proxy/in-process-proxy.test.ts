import type { Deployment, Runtime } from "@bqdeploy/core";
import {
  haveSharedModels,
  SEED_INSTANCE,
  SEED_REQUEST,
  startFakeTfServing,
  tipModelFake,
} from "@bqdeploy/test-fixtures";
import { describeTfServingConformance, TIP_MODEL } from "@bqdeploy/test-fixtures/conformance";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AUTH, type EmbeddedApi, embeddedApi } from "../__tests__/embedded-harness.js";
import { ServerRequests } from "../__tests__/server-requests.js";

interface Exchanged {
  status: number;
  contentType: string | null;
  bytes: Buffer;
}

/** One request over real HTTP, the whole answer as bytes. */
async function exchange(
  base: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Exchanged> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body,
  });
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

const PREDICT = "/v1/models/tip_model:predict";
const SEED_BODY = JSON.stringify(SEED_REQUEST);

/** Requests whose answers must be the replica's own, with the status each must get. */
const CASES: { name: string; method: string; path: string; body?: string; status: number }[] = [
  { name: "a valid prediction", method: "POST", path: PREDICT, body: SEED_BODY, status: 200 },
  { name: "a query string", method: "POST", path: `${PREDICT}?x=1`, body: SEED_BODY, status: 200 },
  { name: "a malformed body", method: "POST", path: PREDICT, body: '{"instances": [', status: 400 },
  { name: "an empty body", method: "POST", path: PREDICT, body: "", status: 400 },
  {
    name: "an unknown signature",
    method: "POST",
    path: PREDICT,
    body: JSON.stringify({ signature_name: "nope", instances: [SEED_INSTANCE] }),
    status: 400,
  },
  {
    name: "a version",
    method: "POST",
    path: "/v1/models/tip_model/versions/1:predict",
    body: SEED_BODY,
    status: 200,
  },
  {
    name: "a label",
    method: "POST",
    path: "/v1/models/tip_model/labels/stable:predict",
    body: SEED_BODY,
    status: 200,
  },
  {
    name: "a version not served",
    method: "POST",
    path: "/v1/models/tip_model/versions/9:predict",
    body: SEED_BODY,
    status: 404,
  },
  {
    name: "classify on a regression model",
    method: "POST",
    path: "/v1/models/tip_model:classify",
    body: JSON.stringify({ examples: [SEED_INSTANCE] }),
    status: 400,
  },
  { name: "the model status", method: "GET", path: "/v1/models/tip_model", status: 200 },
  { name: "a version's status", method: "GET", path: "/v1/models/tip_model/versions/2", status: 200 },
  { name: "the metadata", method: "GET", path: "/v1/models/tip_model/metadata", status: 200 },
];

/** `:tensorflow:serving:request_count` of tip_model with status OK on a replica (its own metrics page). */
async function servedOk(endpoint: string): Promise<number> {
  const text = await (await fetch(`${endpoint}/monitoring/prometheus/metrics`)).text();
  const match = /:tensorflow:serving:request_count\{model_name="tip_model",status="OK"\} (\d+)/.exec(text);
  return match ? Number(match[1]) : 0;
}

/** A sample of the API's /metrics (0 when the series is absent). */
async function apiMetric(api: EmbeddedApi, series: string): Promise<number> {
  const text = await (await fetch(`${api.server.url}/metrics`, { headers: AUTH })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.runIf(haveSharedModels("the /v1 proxy over embedded replicas"))("embedded replicas", () => {
  describeTfServingConformance(
    "TF Serving conformance: the API's /v1 proxy, embedded runtime in the API's process",
    async () => {
      const api = await embeddedApi();
      await api.deploy("tip_model", 2);
      await api.deploy("iris");
      return {
        baseUrl: api.server.url,
        headers: AUTH,
        model: TIP_MODEL,
        versionsAndLabel: true,
        multiOutputModel: "iris",
        close: () => api.close(),
      };
    },
  );

  describe("the /v1 proxy to replicas in its own process", () => {
    let api: EmbeddedApi;
    let tip: Deployment;
    let requests: ServerRequests;
    const lines: string[] = [];
    beforeAll(async () => {
      const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
      api = await embeddedApi({}, logger);
      tip = await api.deploy("tip_model", 2);
      requests = new ServerRequests();
    });
    afterAll(async () => {
      requests?.close();
      await api?.close();
    });

    /** Requests that reached the replicas' HTTP servers so far. */
    const overHttp = (): number[] => tip.endpoints.map((e) => requests.to(e));

    it.each(CASES)("answers $name as the replica's own port does, byte for byte, without HTTP", async (c) => {
      const before = overHttp();
      const proxied = await exchange(api.server.url, c.method, c.path, c.body, AUTH);
      expect(overHttp()).toEqual(before);
      const direct = await exchange(tip.endpoints[0]!, c.method, c.path, c.body);
      // The counter does see a request sent to the replica's port.
      expect(overHttp()[0]).toBe(before[0]! + 1);
      expect(proxied.status).toBe(c.status);
      expect(direct.status).toBe(c.status);
      expect(proxied.contentType).toBe(direct.contentType);
      expect(proxied.bytes.toString()).toBe(direct.bytes.toString());
      expect(proxied.bytes.equals(direct.bytes)).toBe(true);
    });

    it("answers the Hono app's requests (app.request) in-process too", async () => {
      const before = overHttp();
      const res = await api.app.request(PREDICT, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: SEED_BODY,
      });
      const text = await res.text();
      expect(overHttp()).toEqual(before);
      const direct = await exchange(tip.endpoints[1]!, "POST", PREDICT, SEED_BODY);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(direct.contentType);
      expect(text).toBe(direct.bytes.toString());
    });

    it("takes the two replicas in turn", async () => {
      const served = async (): Promise<number[]> => Promise.all(tip.endpoints.map(servedOk));
      let counts = await served();
      const order: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH);
        expect(res.status).toBe(200);
        const now = await served();
        const moved = now.map((n, r) => n - counts[r]!);
        expect(moved.reduce((a, b) => a + b)).toBe(1);
        order.push(moved.indexOf(1));
        counts = now;
      }
      expect(order.filter((r) => r === 0)).toHaveLength(3);
      for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1]);
    });

    it("counts requests and predictions per route and model, and logs each request", async () => {
      const route = 'method="POST",route="/v1/models/{model}:predict",model="tip_model"';
      const series = [
        `bqdeploy_api_requests_total{${route},status="200"}`,
        `bqdeploy_api_requests_total{${route},status="400"}`,
        'bqdeploy_api_predictions_total{model="tip_model",outcome="ok"}',
        'bqdeploy_api_predictions_total{model="tip_model",outcome="error"}',
        `bqdeploy_api_request_duration_seconds_count{${route}}`,
      ];
      const before = await Promise.all(series.map((s) => apiMetric(api, s)));
      for (const body of [SEED_BODY, SEED_BODY, "{"]) {
        await exchange(api.server.url, "POST", PREDICT, body, { ...AUTH, "x-request-id": "in-process-1" });
      }
      const after = await Promise.all(series.map((s) => apiMetric(api, s)));
      expect(after.map((n, i) => n - before[i]!)).toEqual([2, 1, 2, 1, 3]);
      const logged = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.reqId === "in-process-1");
      expect(logged.map((l) => [l.msg, l.method, l.path, l.status])).toEqual([
        ["request", "POST", PREDICT, 200],
        ["request", "POST", PREDICT, 200],
        ["request", "POST", PREDICT, 400],
      ]);
    });

    it("keeps the token check and the body limit", async () => {
      const before = overHttp();
      const refused = await exchange(api.server.url, "POST", PREDICT, SEED_BODY);
      expect(refused.status).toBe(401);
      const big = await exchange(api.server.url, "POST", PREDICT, "x".repeat(9 * 1024 * 1024), AUTH).catch(
        () => undefined,
      );
      if (big) expect(big.status).toBe(413);
      expect(overHttp()).toEqual(before);
    });
  });

  it("takes turns between a replica in this process and one over HTTP (another runtime's)", async () => {
    const fake = await startFakeTfServing({ models: tipModelFake() });
    const remote: Deployment = {
      id: "tip_model-docker",
      runtime: "docker",
      model: "tip_model",
      endpoints: [fake.url],
      replicas: 1,
      startedAt: new Date().toISOString(),
      state: "available",
    };
    const status = async (): Promise<Deployment> => remote;
    const docker: Runtime = {
      name: "docker",
      start: status,
      status,
      stop: async () => {},
      list: async () => [remote],
      logs: async function* () {},
    };
    const api = await embeddedApi({}, undefined, docker);
    const requests = new ServerRequests();
    try {
      const tip = await api.deploy("tip_model");
      const local = api.runtime.inProcessReplica(tip.endpoints[0]!)!;
      const servedLocally = (): number =>
        Number(
          /request_count\{model_name="tip_model",status="OK"\} (\d+)/.exec(
            local.dispatch.metrics.render(),
          )?.[1] ?? 0,
        );
      for (let i = 0; i < 4; i++) {
        const res = await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH);
        expect(res.status).toBe(200);
      }
      expect(servedLocally()).toBe(2);
      expect(fake.calls.filter((c) => c.path === PREDICT)).toHaveLength(2);
      expect(requests.to(fake.url)).toBe(2);
      expect(requests.to(tip.endpoints[0]!)).toBe(0);
    } finally {
      requests.close();
      await api.close();
      await fake.close();
    }
  });

  describe("stopped replicas", () => {
    it("never get a request, even while the proxy's cached route still lists them", async () => {
      const api = await embeddedApi({ routeCacheMs: 60_000 });
      try {
        const tip = await api.deploy("tip_model", 2);
        expect((await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH)).status).toBe(200);
        const replicas = tip.endpoints.map((e) => api.runtime.inProcessReplica(e)!);
        expect(replicas.every((r) => r.open)).toBe(true);
        const metricsBefore = replicas.map((r) => r.dispatch.metrics.render());
        // Stopped behind the API's back: its route cache (60 s) still lists both replicas.
        await api.runtime.stop("tip_model");
        expect(replicas.some((r) => r.open)).toBe(false);
        const res = await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH);
        // As over HTTP: neither replica accepts a connection any more.
        expect(res.status).toBe(503);
        expect(JSON.parse(res.bytes.toString())).toEqual({
          error: expect.stringContaining("No replica of deployment tip_model accepts connections"),
        });
        expect(replicas.map((r) => r.dispatch.metrics.render())).toEqual(metricsBefore);
      } finally {
        await api.close();
      }
    });

    it("answer TF Serving's 404 after DELETE /deployments/{id}", async () => {
      const api = await embeddedApi({ routeCacheMs: 60_000 });
      try {
        await api.deploy("tip_model");
        expect((await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH)).status).toBe(200);
        const deleted = await fetch(`${api.server.url}/deployments/tip_model`, {
          method: "DELETE",
          headers: AUTH,
        });
        expect(deleted.status).toBe(204);
        const gone = await exchange(api.server.url, "POST", PREDICT, SEED_BODY, AUTH);
        expect(gone.status).toBe(404);
        expect(JSON.parse(gone.bytes.toString())).toEqual({
          error: "Servable not found for request: Latest(tip_model)",
        });
        const status = await exchange(api.server.url, "GET", "/v1/models/tip_model", undefined, AUTH);
        expect(status.status).toBe(404);
      } finally {
        await api.close();
      }
    });
  });
});
