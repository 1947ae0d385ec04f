import { request } from "node:http";
import { ScriptedSource, scriptedHalfPlusTwo, scriptedTipModel, tipModelFake } from "@bqdeploy/test-fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningTfServingServer, startTfServingServer } from "./start-server.js";

const seed = {
  passenger_count: 1,
  trip_distance: 12.2,
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: 20.4,
  tolls_amount: 0.0,
};

async function call(
  server: RunningTfServingServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(server.url + path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe("TF Serving handler", () => {
  let source: ScriptedSource;
  let server: RunningTfServingServer;
  beforeAll(async () => {
    source = new ScriptedSource({
      ...tipModelFake(),
      half_plus_two: { versions: [{ version: 1, model: scriptedHalfPlusTwo() }] },
    });
    server = await startTfServingServer({ source, cors: true });
  });
  afterAll(async () => {
    source.close();
    await server.close();
  });

  it("serves the latest AVAILABLE version when a newer one is still loading", async () => {
    source.addVersion("tip_model", { version: 7, model: scriptedTipModel(), loadAfterMs: 60_000 });
    const meta = await call(server, "GET", "/v1/models/tip_model/metadata");
    expect(JSON.parse(meta.text).model_spec.version).toBe("2");
    const status = JSON.parse((await call(server, "GET", "/v1/models/tip_model")).text);
    expect(status.model_version_status[0]).toMatchObject({ version: "7", state: "LOADING" });
  });

  it("reports a failed load as END with its error", async () => {
    source.addVersion("broken", {
      version: 1,
      model: scriptedTipModel(),
      fail: "Read less bytes than requested",
    });
    const status = JSON.parse((await call(server, "GET", "/v1/models/broken")).text);
    expect(status.model_version_status[0]).toEqual({
      version: "1",
      state: "END",
      status: { error_code: "UNKNOWN", error_message: "Read less bytes than requested" },
    });
  });

  it("classifies and regresses with classify/regress signatures", async () => {
    const c = await call(server, "POST", "/v1/models/half_plus_two:classify", {
      signature_name: "classify_x_to_y",
      examples: [{ x: 1 }, { x: -10 }],
    });
    expect(c.status, c.text).toBe(200);
    const results = JSON.parse(c.text).results as [string, number][][];
    expect(results.map((r) => r.map(([label]) => label))).toEqual([
      ["low", "high"],
      ["low", "high"],
    ]);
    expect(results[0]![1]![1]).toBeCloseTo(1 / (1 + Math.exp(-2.5)), 6);
    const r = await call(server, "POST", "/v1/models/half_plus_two/versions/1:regress", {
      signature_name: "regress_x_to_y",
      context: { x: 4 },
      examples: [{}],
    });
    expect(r.text).toBe('{\n    "results": [4.0]\n}');
    const wrong = await call(server, "POST", "/v1/models/half_plus_two:classify", { examples: [{ x: 1 }] });
    expect(JSON.parse(wrong.text).error).toBe(
      "Expected classification signature method_name to be tensorflow/serving/classify. Was: tensorflow/serving/predict",
    );
  });

  it("adds CORS headers and answers preflight requests", async () => {
    const pre = await call(server, "OPTIONS", "/v1/models/tip_model:predict");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const res = await call(server, "GET", "/v1/models/tip_model");
    expect(res.headers.get("access-control-allow-methods")).toBe("POST, GET");
  });

  it("answers 404 outside /v1 and counts requests for Prometheus", async () => {
    const other = await call(server, "GET", "/healthz");
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text).error).toContain("/v1/models");
    await call(server, "POST", "/v1/models/tip_model:predict", { instances: [seed] });
    await call(server, "GET", "/v1/models/nope");
    const metrics = await call(server, "GET", "/monitoring/prometheus/metrics");
    expect(metrics.headers.get("content-type")).toContain("text/plain");
    expect(metrics.text).toMatch(
      /^:tensorflow:serving:request_count\{model_name="tip_model",status="OK"\} \d+$/m,
    );
    expect(metrics.text).toContain(
      ':tensorflow:serving:request_count{model_name="nope",status="NOT_FOUND"} 1',
    );
    expect(metrics.text).toMatch(
      /request_latency_count\{model_name="tip_model",API="predict",entrypoint="REST"\} \d+/,
    );
  });
});

describe("TF Serving handler: request deadline", () => {
  it("answers 504 DEADLINE_EXCEEDED when a model runs past requestTimeoutMs", async () => {
    const tip = scriptedTipModel();
    const slow = {
      signatures: tip.signatures,
      compute: async (name: string, inputs: Parameters<typeof tip.compute>[1]) => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        return tip.compute(name, inputs);
      },
    };
    const source = new ScriptedSource({ slow: { versions: [{ version: 1, model: slow }] } });
    const server = await startTfServingServer({ source, requestTimeoutMs: 100 });
    try {
      const res = await call(server, "POST", "/v1/models/slow:predict", { instances: [seed] });
      expect(res.status).toBe(504);
      expect(JSON.parse(res.text).error).toBe("Request did not complete within the server's 100 ms timeout.");
    } finally {
      source.close();
      await server.close();
    }
  });
});

describe("TF Serving handler: token and body limit", () => {
  let source: ScriptedSource;
  let server: RunningTfServingServer;
  beforeAll(async () => {
    source = new ScriptedSource(tipModelFake());
    server = await startTfServingServer({ source, token: "t0ken", maxBodyBytes: 2_000 });
  });
  afterAll(async () => {
    source.close();
    await server.close();
  });

  it("refuses requests without the bearer token with 401 in TF's error shape", async () => {
    const variants: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong" },
      { authorization: "Basic t0ken" },
    ];
    for (const headers of variants) {
      const res = await call(server, "GET", "/v1/models/tip_model", undefined, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(JSON.parse(res.text).error).toContain("Authorization: Bearer");
    }
    const ok = await call(server, "GET", "/v1/models/tip_model", undefined, {
      authorization: "Bearer t0ken",
    });
    expect(ok.status).toBe(200);
  });

  it("answers 413 for a body over the limit, and keeps serving", async () => {
    const big = { instances: Array.from({ length: 50 }, () => seed) };
    const res = await call(server, "POST", "/v1/models/tip_model:predict", big, {
      authorization: "Bearer t0ken",
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error).toContain("exceeds the limit of 2000 bytes");
    const ok = await call(
      server,
      "POST",
      "/v1/models/tip_model:predict",
      { instances: [seed] },
      {
        authorization: "Bearer t0ken",
      },
    );
    expect(ok.status).toBe(200);
  });

  it("reads a body sent in pieces without a length, and answers 413 once such a body passes the limit", async () => {
    const send = (pieces: string[]): Promise<{ status: number; text: string }> =>
      new Promise((resolve, reject) => {
        const req = request(
          `${server.url}/v1/models/tip_model:predict`,
          { method: "POST", headers: { authorization: "Bearer t0ken", "transfer-encoding": "chunked" } },
          (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => {
              text += c;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", reject);
        let i = 0;
        const next = (): void => {
          if (i === pieces.length) {
            req.end();
            return;
          }
          req.write(pieces[i++]);
          setTimeout(next, 5);
        };
        next();
      });
    const body = JSON.stringify({ instances: [seed] });
    const third = Math.ceil(body.length / 3);
    const pieces = [body.slice(0, third), body.slice(third, 2 * third), body.slice(2 * third)];
    const whole = await call(
      server,
      "POST",
      "/v1/models/tip_model:predict",
      { instances: [seed] },
      {
        authorization: "Bearer t0ken",
      },
    );
    const split = await send(pieces);
    expect(split.status).toBe(200);
    expect(split.text).toBe(whole.text);
    // 3 pieces of 900 bytes: the third passes the 2,000-byte limit.
    const tooBig = await send(["x".repeat(900), "x".repeat(900), "x".repeat(900)]);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.text).error).toContain("2700 bytes exceeds the limit of 2000 bytes");
    expect((await send(pieces)).status).toBe(200);
  });
});
