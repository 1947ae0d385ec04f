import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, harness } from "./__tests__/harness.js";

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

const ROUTES: [string, string][] = [
  ["POST", "/models/tip_model/labels"],
  ["POST", "/models/tip_model/rollback"],
  ["POST", "/pulls"],
  ["POST", "/exports"],
  ["POST", "/deployments"],
  ["GET", "/models/%zz"],
  ["GET", "/jobs/%00"],
  ["DELETE", "/jobs/x"],
  ["DELETE", "/deployments/%2e%2e"],
  ["POST", "/v1/models/tip_model:predict"],
  ["POST", "/v1/models/tip_model:classify"],
  ["GET", "/v1/models/%zz/metadata"],
  ["PUT", "/models"],
];
const VALUES = [
  '""',
  "0",
  "-1",
  "1e400",
  "NaN",
  "null",
  "true",
  "[]",
  "{}",
  '"gs://b/p"',
  '"tip_model"',
  "[[1]]",
  '"\\ud800"',
  "9007199254740993",
  '{"__proto__":{"x":1}}',
];
const KEYS = [
  "label",
  "version",
  "source",
  "model",
  "runtime",
  "replicas",
  "dataset",
  "destination",
  "instances",
  "id",
  "__proto__",
  "constructor",
];

function randomBody(rand: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  switch (Math.floor(rand() * 4)) {
    case 0:
      return Array.from({ length: Math.floor(rand() * 100) }, () =>
        String.fromCharCode(Math.floor(rand() * 256)),
      ).join("");
    case 1:
      return pick(VALUES);
    default: {
      const fields = Array.from(
        { length: 1 + Math.floor(rand() * 4) },
        () => `"${pick(KEYS)}": ${pick(VALUES)}`,
      );
      const text = `{${fields.join(", ")}}`;
      return rand() < 0.2 ? text.slice(0, Math.floor(rand() * text.length)) : text;
    }
  }
}

describe("fuzzed request bodies", () => {
  let h: Harness;
  beforeAll(() => {
    // No deployment runs: fuzzed deployments start nothing but the fake's servers, which are stopped after.
    h = harness({ maxBodyBytes: 16_384 });
  });
  afterAll(() => h.close());

  it("10,000 random bodies across the routes: no 5xx, no crash, and the app still answers", async () => {
    const rand = mulberry32(20261125);
    const statuses = new Map<number, number>();
    const deadline = performance.now() + 60_000;
    let sent = 0;
    for (; sent < 10_000 && performance.now() < deadline; sent++) {
      const [method, path] = ROUTES[Math.floor(rand() * ROUTES.length)]!;
      const contentType = rand() < 0.9 ? "application/json" : "text/plain";
      const body = method === "GET" ? undefined : randomBody(rand);
      const res = await h.call(method, path, body, { "content-type": contentType });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`${method} ${path} answered ${res.status}`);
    }
    expect(sent).toBe(10_000);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect((await h.call("GET", "/models")).status).toBe(200);
  }, 90_000);
});
