import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGcs, startFakeGcs } from "./fake-gcs.js";
import { crc32cBase64 } from "./object-store.js";

let gcs: FakeGcs;
beforeAll(async () => {
  gcs = await startFakeGcs({ buckets: ["b"] });
  for (let i = 0; i < 5; i++) gcs.putObject("b", `m/${i}.txt`, `object ${i}`);
  gcs.putObject("b", "m/sub/deep.txt", "deep");
});
afterAll(async () => {
  await gcs.close();
});

const firstByte0 = async (): Promise<number> => {
  const started = performance.now();
  await (await fetch(`${gcs.url}/storage/v1/b/b/o/m%2F2.txt?alt=media`)).arrayBuffer();
  return performance.now() - started;
};

const json = async (path: string): Promise<Record<string, unknown>> =>
  (await (await fetch(gcs.url + path)).json()) as Record<string, unknown>;

describe("startFakeGcs over plain HTTP", () => {
  it("lists with prefix, delimiter and page tokens, under /storage/v1 and bare", async () => {
    const page = await json("/storage/v1/b/b/o?prefix=m/&delimiter=/&maxResults=3");
    expect((page.items as { name: string }[]).map((i) => i.name)).toEqual(["m/0.txt", "m/1.txt", "m/2.txt"]);
    const rest = await json(`/b/b/o?prefix=m/&delimiter=/&pageToken=${page.nextPageToken}`);
    expect((rest.items as { name: string }[]).map((i) => i.name)).toEqual(["m/3.txt", "m/4.txt"]);
    expect(rest.prefixes).toEqual(["m/sub/"]);
    expect(rest.nextPageToken).toBeUndefined();
  });

  it("serves media with x-goog-hash (big-endian CRC32C in base64) and metadata", async () => {
    const response = await fetch(
      `${gcs.url}/storage/v1/b/b/o/${encodeURIComponent("m/sub/deep.txt")}?alt=media`,
    );
    expect(await response.text()).toBe("deep");
    const stored = gcs.store.get("b", "m/sub/deep.txt")!;
    expect(response.headers.get("x-goog-hash")).toBe(`crc32c=${stored.crc32c},md5=${stored.md5Hash}`);
    // CRC32C("123456789") is 0xE3069283.
    expect(crc32cBase64(0xe3069283)).toBe(Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString("base64"));
    const meta = await json(`/storage/v1/b/b/o/${encodeURIComponent("m/sub/deep.txt")}`);
    expect(meta).toMatchObject({ name: "m/sub/deep.txt", size: "4", crc32c: stored.crc32c });
  });

  it("answers 404 in Google's error shape", async () => {
    const response = await fetch(`${gcs.url}/storage/v1/b/b/o/missing?alt=media`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 404, errors: [{ reason: "notFound" }] } });
    expect((await fetch(`${gcs.url}/storage/v1/b/nobucket/o`)).status).toBe(404);
  });

  it("injects the same faults for the same seed", async () => {
    const run = async (): Promise<(number | string)[]> => {
      gcs.faults({ rate: 0.5, kinds: ["503", "429"], seed: 42 });
      const statuses: (number | string)[] = [];
      for (let i = 0; i < 20; i++)
        statuses.push((await fetch(`${gcs.url}/storage/v1/b/b/o/m%2F0.txt?alt=media`)).status);
      gcs.faults(undefined);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503, 429]));
  });

  it("cuts a body mid-way on reset-mid-body", async () => {
    gcs.putObject("b", "big.bin", Buffer.alloc(1024 * 1024, 7));
    gcs.faults({ rate: 1, kinds: ["reset-mid-body"] });
    try {
      const response = await fetch(`${gcs.url}/storage/v1/b/b/o/big.bin?alt=media`);
      await expect(response.arrayBuffer()).rejects.toThrow();
    } finally {
      gcs.faults(undefined);
    }
    expect(gcs.requests.at(-1)).toMatchObject({ kind: "media", fault: "reset-mid-body" });
  });

  it("survives malformed requests", async () => {
    expect((await fetch(`${gcs.url}/storage/v1/b/b/o/%E0%A4%A?alt=media`)).status).toBeGreaterThanOrEqual(
      400,
    );
    expect(
      (await fetch(`${gcs.url}/upload/storage/v1/b/b/o?uploadType=multipart`, { method: "POST", body: "x" }))
        .status,
    ).toBe(400);
    expect((await fetch(`${gcs.url}/storage/v1/b/b/o?prefix=m/`)).status).toBe(200);
  });

  it("delays the first byte of listing and media answers by latencyMs, in parallel", async () => {
    gcs.latency(40);
    try {
      const firstByte = async (path: string): Promise<number> => {
        const started = performance.now();
        const response = await fetch(gcs.url + path);
        const took = performance.now() - started;
        await response.arrayBuffer();
        return took;
      };
      expect(await firstByte("/storage/v1/b/b/o?prefix=m/")).toBeGreaterThanOrEqual(39);
      expect(await firstByte("/storage/v1/b/b/o/m%2F0.txt?alt=media")).toBeGreaterThanOrEqual(39);
      // Per request, not a queue: 8 at once take about one latency, not eight.
      const started = performance.now();
      await Promise.all(Array.from({ length: 8 }, () => firstByte("/storage/v1/b/b/o/m%2F1.txt?alt=media")));
      expect(performance.now() - started).toBeLessThan(8 * 40);
    } finally {
      gcs.latency(0);
    }
    expect(await firstByte0()).toBeLessThan(40);
  });
});
