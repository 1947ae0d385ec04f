import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLinearRegModel, demoTipModelSpec, seededRandom, SEED_INSTANCE } from "@bqdeploy/test-fixtures";
import { Pool } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedServer, startEmbeddedServer } from "./embedded-server.js";

const SEED: Record<string, unknown> = SEED_INSTANCE;

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** A random JSON-ish value, sometimes deep, sometimes odd. */
function randomValue(rand: Rand, depth = 0): unknown {
  const kinds = depth > 3 ? ["num", "str", "bool", "null"] : ["num", "str", "bool", "null", "arr", "obj"];
  switch (pick(rand, kinds)) {
    case "num":
      return pick(rand, [0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, rand() * 1e6]);
    case "str":
      return pick(rand, [
        "",
        "193",
        "x".repeat(Math.floor(rand() * 300)),
        "\u0000\uffff",
        "😀",
        "__empty_string_replacement__",
      ]);
    case "bool":
      return rand() < 0.5;
    case "null":
      return null;
    case "arr":
      return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}`, randomValue(rand, depth + 1)]),
      );
  }
}

/** A mutated version of the seed's instance: a key dropped, added, or given a wrong type. */
function mutateInstance(rand: Rand): Record<string, unknown> {
  const instance = { ...SEED };
  const keys = Object.keys(instance);
  for (let n = Math.floor(rand() * 3); n >= 0; n--) {
    const action = rand();
    const key = pick(rand, keys);
    if (action < 0.25) delete instance[key];
    else if (action < 0.4) instance[`extra_${Math.floor(rand() * 9)}`] = randomValue(rand);
    else instance[key] = randomValue(rand);
  }
  return instance;
}

/** One fuzzed request body (text): valid-looking, mutated, structurally wrong, or not JSON at all. */
function fuzzBody(rand: Rand): string {
  const r = rand();
  if (r < 0.35)
    return JSON.stringify({
      instances: Array.from({ length: 1 + Math.floor(rand() * 3) }, () => mutateInstance(rand)),
    });
  if (r < 0.45) {
    const columns: Record<string, unknown> = Object.fromEntries(
      Object.keys(SEED).map((k) => [k, Array.from({ length: 1 + Math.floor(rand() * 3) }, () => SEED[k])]),
    );
    if (rand() < 0.7) columns[pick(rand, Object.keys(SEED))] = randomValue(rand);
    return JSON.stringify({ inputs: columns });
  }
  if (r < 0.55) return JSON.stringify({ instances: [SEED], inputs: SEED, signature_name: randomValue(rand) });
  if (r < 0.62) return JSON.stringify({ instances: pick(rand, [[], {}, "x", 1, null]) });
  if (r < 0.7)
    return `{"instances": [{"fare_amount": ${pick(rand, ["NaN", "Infinity", "-Infinity", "1e999", "-0"])}}]}`;
  if (r < 0.78) return JSON.stringify(randomValue(rand));
  if (r < 0.86) {
    const text = JSON.stringify({ instances: [mutateInstance(rand)] });
    return text.slice(0, Math.floor(rand() * text.length));
  }
  if (r < 0.93)
    return Buffer.from(
      Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256)),
    ).toString("latin1");
  return JSON.stringify({ instances: [{ b64: "!!!" }, { b64: Buffer.from("x").toString("base64") }] });
}

const PATHS = [
  "/v1/models/tip_model:predict",
  "/v1/models/tip_model:predict",
  "/v1/models/tip_model:predict",
  "/v1/models/tip_model/versions/1:predict",
  "/v1/models/tip_model/labels/stable:predict",
  "/v1/models/tip_model:classify",
  "/v1/models/tip_model:regress",
  "/v1/models/nope:predict",
  "/v1/models/tip_model/versions/99:predict",
  "/v1/models/tip_model/metadata",
];

describe("embedded server under fuzzed requests", () => {
  let repo: string;
  let server: EmbeddedServer;

  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), "bqdeploy-fuzz-"));
    await buildLinearRegModel(join(repo, "tip_model", "1"), demoTipModelSpec());
    server = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0 });
  });
  afterAll(async () => {
    await server.close();
    rmSync(repo, { recursive: true, force: true });
  });

  it("answers 10,000 fuzzed bodies with 200 or a clear 4xx, never 5xx, and keeps answering", {
    timeout: 120_000,
  }, async () => {
    const rand = seededRandom(20261125);
    const pool = new Pool(server.url, { connections: 16 });
    const statuses = new Map<number, number>();
    const unclear: string[] = [];
    let next = 0;
    const deadline = Date.now() + 100_000;
    const worker = async (): Promise<void> => {
      while (next < 10_000 && Date.now() < deadline) {
        next++;
        const path = pick(rand, PATHS);
        const body = fuzzBody(rand);
        const res = await pool.request({
          path,
          method: path.endsWith("metadata") ? "GET" : "POST",
          body: path.endsWith("metadata") ? undefined : body,
        });
        const text = await res.body.text();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 400) {
          let error: unknown;
          try {
            error = (JSON.parse(text) as { error?: unknown }).error;
          } catch {
            error = undefined;
          }
          if (typeof error !== "string" || error.length === 0)
            unclear.push(`${res.statusCode} ${path}: ${text.slice(0, 200)}`);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: 16 }, worker));
    } finally {
      await pool.close();
    }
    expect(next).toBe(10_000);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect(unclear).toEqual([]);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(1);
    const alive = await fetch(`${server.url}/v1/models/tip_model:predict`, {
      method: "POST",
      body: JSON.stringify({ instances: [SEED] }),
    });
    expect(alive.status).toBe(200);
  });
});
