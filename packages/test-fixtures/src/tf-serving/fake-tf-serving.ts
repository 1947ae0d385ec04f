import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createTfServingDispatcher,
  DEFAULT_MAX_BODY_BYTES,
  errorBody,
  type Logger,
  readRequestBody,
  type TfServingDispatcher,
  writeTfServingResponse,
} from "@bqdeploy/core";
import { type FakeModelConfig, type FakeVersionConfig, ScriptedSource } from "./scripted-source.js";

export interface FakeTfServingOptions {
  /** Model name -> versions and labels. */
  models: Record<string, FakeModelConfig>;
  token?: string;
  cors?: boolean;
  maxBodyBytes?: number;
  metrics?: boolean;
  logger?: Logger;
  /** Delay before every answer (ms). Changeable with injectLatency(). */
  latencyMs?: number;
}

/** One request the fake received. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What the next requests suffer: an HTTP error status (default 503) or a dropped connection. */
export type InjectedFault = { status?: number; message?: string } | "reset";

export interface FakeTfServing {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  /** Every request received, in order. */
  calls: RecordedCall[];
  source: ScriptedSource;
  dispatch: TfServingDispatcher;
  addVersion(model: string, config: FakeVersionConfig): void;
  setLabels(model: string, labels: Record<string, number>): void;
  /** Delay every later answer by `ms`. */
  injectLatency(ms: number): void;
  /** The next `count` requests fail with `fault` instead of being answered. */
  failNext(count: number, fault?: InjectedFault): void;
  /** Removes injected latency and failures. */
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * A fake TF Serving on 127.0.0.1 (port 0) built on core's TF Serving handler and a ScriptedSource:
 * scripted models, versions loading on a schedule, labels, injected latency and failures, and a
 * record of every call.
 */
export async function startFakeTfServing(options: FakeTfServingOptions): Promise<FakeTfServing> {
  const source = new ScriptedSource(options.models);
  const dispatch = createTfServingDispatcher(source, options);
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const calls: RecordedCall[] = [];
  let latencyMs = options.latencyMs ?? 0;
  const faults: InjectedFault[] = [];

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    readRequestBody(req, res, limit, (body) => {
      const method = req.method ?? "GET";
      const path = req.url ?? "/";
      calls.push({ method, path, headers: { ...req.headers }, body });
      const fault = faults.shift();
      if (fault === "reset") {
        req.socket.destroy();
        return;
      }
      (async () => {
        if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
        const answer = fault
          ? {
              status: fault.status ?? 503,
              headers: { "content-type": "application/json" },
              body: errorBody(
                fault.message ?? "Injected failure: the fake TF Serving was told to fail this request.",
              ),
            }
          : await dispatch({ method, path, headers: req.headers, body });
        writeTfServingResponse(res, answer);
      })().catch(() => res.destroy());
    });
  };

  const server = createServer({ keepAlive: true }, listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    source,
    dispatch,
    addVersion: (model, config) => source.addVersion(model, config),
    setLabels: (model, labels) => source.setLabels(model, labels),
    injectLatency: (ms) => {
      latencyMs = ms;
    },
    failNext: (count, fault = {}) => {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    clearFaults: () => {
      faults.length = 0;
      latencyMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        source.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
