import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readinessProbeScript } from "./readiness-probe.js";

/** Runs the probe as the kubelet would (bash -c SCRIPT) and returns its exit code. */
function probe(script: string): Promise<number> {
  return new Promise((resolve) => {
    execFile("bash", ["-c", script], { timeout: 10_000 }, (error) => {
      resolve(error ? (typeof error.code === "number" ? error.code : 99) : 0);
    });
  });
}

/** TF Serving's model status body, pretty-printed the way tensorflow_model_server prints it. */
function statusBody(state: string): string {
  return `{\n "model_version_status": [\n  {\n   "version": "1",\n   "state": "${state}",\n   "status": {\n    "error_code": "OK",\n    "error_message": ""\n   }\n  }\n ]\n}\n`;
}

describe("readiness probe script (run with bash against a TF-Serving-like server)", () => {
  let server: Server;
  let port: number;
  const states = new Map<string, string>();
  beforeEach(async () => {
    states.clear();
    server = createServer((req, res) => {
      const model = /^\/v1\/models\/([^/]+)$/.exec(req.url ?? "")?.[1];
      const state = model ? states.get(model) : undefined;
      if (!state) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(`{ "error": "Servable not found for request: Latest(${model})" }`);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(statusBody(state));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it("fails while the model is LOADING and succeeds once it is AVAILABLE", async () => {
    const script = readinessProbeScript(["tip_model"], port);
    states.set("tip_model", "LOADING");
    expect(await probe(script)).toBe(1);
    states.set("tip_model", "AVAILABLE");
    expect(await probe(script)).toBe(0);
  });

  it("fails for an unknown model (404) and when nothing listens", async () => {
    expect(await probe(readinessProbeScript(["missing"], port))).toBe(1);
    const closed = port;
    await new Promise<void>((r) => server.close(() => r()));
    server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    expect(await probe(readinessProbeScript(["tip_model"], closed))).toBe(1);
  });

  it("needs every model AVAILABLE when several are served", async () => {
    states.set("tip_model", "AVAILABLE");
    states.set("churn", "LOADING");
    const script = readinessProbeScript(["tip_model", "churn"], port);
    expect(await probe(script)).toBe(1);
    states.set("churn", "AVAILABLE");
    expect(await probe(script)).toBe(0);
  });

  it("is not fooled by AVAILABLE appearing outside a state field", async () => {
    states.set("tip_model", "END");
    server.removeAllListeners("request");
    server.on("request", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(statusBody("END").replace('"error_message": ""', '"error_message": "was AVAILABLE before"'));
    });
    expect(await probe(readinessProbeScript(["tip_model"], port))).toBe(1);
  });
});
