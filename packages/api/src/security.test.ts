import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeploymentRegistry, JobRegistry, ModelRepository } from "@bqdeploy/core";
import { type Harness, harness, TOKEN } from "./__tests__/harness.js";
import { createApp } from "./app.js";
import { startApiServer } from "./server.js";

describe("security", () => {
  let h: Harness;
  beforeAll(() => {
    h = harness({ maxBodyBytes: 4_096 });
  });
  afterAll(() => h.close());

  const protectedRoutes = (): { method: string; path: string }[] => [
    ...h.app.routes
      .filter((r) => r.method !== "ALL" && r.path !== "/healthz" && r.path !== "/readyz")
      .map((r) => ({ method: r.method, path: r.path.replace(":name", "tip_model").replace(":id", "x") })),
    { method: "POST", path: "/v1/models/tip_model:predict" },
    { method: "GET", path: "/v1/models/tip_model" },
  ];

  it("answers 401 without a token or with a wrong one, on every protected route", async () => {
    const routes = protectedRoutes();
    expect(routes.length).toBeGreaterThan(15);
    for (const { method, path } of routes) {
      const variants: Record<string, string>[] = [
        {},
        { authorization: "Bearer wrong" },
        { authorization: `Basic ${TOKEN}` },
      ];
      for (const headers of variants) {
        const res = await h.app.request(path, { method, headers });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe("Bearer");
        const body = (await res.json()) as { error: unknown };
        if (path.startsWith("/v1/")) expect(typeof body.error).toBe("string");
        else expect((body.error as { code: string }).code).toBe("UNAUTHENTICATED");
      }
    }
    expect((await h.app.request("/healthz")).status).toBe(200);
    expect((await h.app.request("/readyz")).status).toBe(200);
  });

  it("answers 413 for an oversized body, in each route family's shape", async () => {
    const big = JSON.stringify({ source: `gs://b/${"x".repeat(5_000)}`, model: "m" });
    const res = await h.call("POST", "/pulls", big);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain("4096 bytes");
    const v1 = await h.call("POST", "/v1/models/tip_model:predict", big);
    expect(v1.status).toBe(413);
    expect(typeof ((await v1.json()) as { error: unknown }).error).toBe("string");
  });

  it("sends no CORS headers unless configured", async () => {
    const res = await h.call("GET", "/models", undefined, { origin: "https://evil.example" });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const open = harness({ corsOrigins: ["https://app.example"] });
    try {
      const ok = await open.call("GET", "/models", undefined, { origin: "https://app.example" });
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    } finally {
      await open.close();
    }
  });

  it("refuses to listen on a non-loopback address without a token", async () => {
    const app = createApp({
      repository: new ModelRepository("/nonexistent"),
      jobs: new JobRegistry(),
      deployments: new DeploymentRegistry({}),
    });
    const err = await startApiServer(app, { host: "0.0.0.0", port: 0, hasToken: false }).catch((e) => e);
    expect(err.code).toBe("INVALID_ARGUMENT");
    expect(err.message).toContain("without a token");
    const local = await startApiServer(app, { host: "127.0.0.1", port: 0, hasToken: false });
    expect((await fetch(`${local.url}/healthz`)).status).toBe(200);
    await local.close();
  });

  it("never logs the token or the Authorization header", async () => {
    const lines: string[] = [];
    const { pino } = await import("pino");
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(line) });
    const app = createApp({
      repository: h.repository,
      jobs: new JobRegistry(),
      deployments: new DeploymentRegistry({}),
      token: TOKEN,
      logger,
    });
    await app.request("/models", { headers: { authorization: `Bearer ${TOKEN}` } });
    await app.request("/models", { headers: { authorization: "Bearer guess" } });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const all = lines.join("\n");
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain("guess");
    expect(all.toLowerCase()).not.toContain("authorization");
    expect(JSON.parse(lines[0]!)).toMatchObject({ method: "GET", path: "/models", status: 200 });
  });
});
