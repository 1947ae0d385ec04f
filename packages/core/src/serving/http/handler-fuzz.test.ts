import { ScriptedSource, tipModelFake } from "@bqdeploy/test-fixtures";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningTfServingServer, startTfServingServer } from "./start-server.js";

// A small deterministic PRNG so a failure can be replayed.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATH_PIECES = [
  "/v1",
  "/V1",
  "/v2",
  "/",
  "/models",
  "/tip_model",
  "/iris",
  "/half_plus_two",
  "/loading_model",
  "/versions/",
  "/labels/",
  "stable",
  ":predict",
  ":classify",
  ":regress",
  ":PREDICT",
  "/metadata",
  "%",
  "%zz",
  "%2F",
  "..",
  "1",
  "2",
  "99999999999999999999",
  "-1",
  "abc",
  "?x=1",
  "//",
  ":",
  "/monitoring/prometheus/metrics",
];
const METHODS = ["GET", "POST", "POST", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"];
const VALID = JSON.stringify({
  instances: [
    {
      passenger_count: 1,
      trip_distance: 12.2,
      PULocationID: "193",
      DOLocationID: "264",
      payment_type: "2",
      fare_amount: 20.4,
      tolls_amount: 0,
    },
  ],
});
const VALUES = [
  '""',
  "0",
  "-0",
  "1e400",
  "-1e-400",
  "NaN",
  "-Infinity",
  "null",
  "true",
  "[]",
  "{}",
  '{"b64":"!!"}',
  '{"b64":"AA=="}',
  "[[1],[1,2]]",
  "[".repeat(2000) + "]".repeat(2000),
  '"\\ud800"',
  "1.5",
  "9007199254740993",
];

function randomBody(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  switch (Math.floor(rand() * 6)) {
    case 0:
      return VALID.slice(0, Math.floor(rand() * VALID.length));
    case 1: {
      // Replace one value of the valid body with something odd.
      const keys = ["passenger_count", "PULocationID", "fare_amount", "tolls_amount"];
      const key = pick(keys);
      return VALID.replace(new RegExp(`"${key}":[^,}]+`), `"${key}":${pick(VALUES)}`);
    }
    case 2:
      return `{"instances": ${pick(VALUES)}, "inputs": ${pick(VALUES)}}`;
    case 3:
      return `{"signature_name": ${pick(VALUES)}, "examples": [${pick(VALUES)}], "context": ${pick(VALUES)}}`;
    case 4:
      return Array.from({ length: Math.floor(rand() * 200) }, () =>
        String.fromCharCode(Math.floor(rand() * 128)),
      ).join("");
    default: {
      const chars = VALID.split("");
      for (let i = 0; i < 3; i++)
        chars[Math.floor(rand() * chars.length)] = String.fromCharCode(32 + Math.floor(rand() * 95));
      return chars.join("");
    }
  }
}

describe("TF Serving handler under random input", () => {
  let source: ScriptedSource;
  let server: RunningTfServingServer;
  beforeAll(async () => {
    source = new ScriptedSource(tipModelFake());
    server = await startTfServingServer({ source, maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    source.close();
    await server.close();
  });

  it("answers 5,000 random requests without a 5xx and keeps serving", async () => {
    const rand = mulberry32(20261125);
    const pool = new Pool(server.url, { connections: 8 });
    const deadline = performance.now() + 40_000;
    const statuses = new Map<number, number>();
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < 5_000 && performance.now() < deadline) {
        sent++;
        const method = METHODS[Math.floor(rand() * METHODS.length)]!;
        const path = Array.from(
          { length: 1 + Math.floor(rand() * 6) },
          () => PATH_PIECES[Math.floor(rand() * PATH_PIECES.length)],
        ).join("");
        const withBody = method === "POST" || method === "PUT";
        const body = withBody ? randomBody(rand) : undefined;
        const res = await pool.request({ method, path: path.startsWith("/") ? path : `/${path}`, body });
        await res.body.text();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500)
          throw new Error(`${res.statusCode} for ${method} ${path} ${body?.slice(0, 200)}`);
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, worker));
    } finally {
      await pool.close();
    }
    expect(sent).toBeGreaterThanOrEqual(1_000);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    const after = await fetch(`${server.url}/v1/models/tip_model:predict`, { method: "POST", body: VALID });
    expect(after.status).toBe(200);
  }, 60_000);
});
