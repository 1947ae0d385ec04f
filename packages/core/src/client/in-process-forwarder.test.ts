import { describe, expect, it } from "vitest";
import type { BqdeployError } from "../errors/index.js";
import type { TfServingDispatcher, TfServingRequest, TfServingResponse } from "../serving/http/dispatch.js";
import { InProcessReplica } from "../serving/http/in-process-replica.js";
import { RequestMetrics } from "../serving/http/request-metrics.js";
import { startTfServingServer } from "../serving/http/start-server.js";
import type { ServableSource } from "../protocol/servable.js";
import { InProcessForwarder } from "./in-process-forwarder.js";
import type { ForwardedResponse } from "./replica-forwarder.js";

const ENDPOINT = "http://127.0.0.1:8501";

/** A dispatcher answering with `answer(request)`, recording what it was given. */
function dispatcher(
  answer: (request: TfServingRequest) => Promise<TfServingResponse>,
): TfServingDispatcher & { seen: TfServingRequest[] } {
  const seen: TfServingRequest[] = [];
  const dispatch = (request: TfServingRequest): Promise<TfServingResponse> => {
    seen.push({ ...request });
    return answer(request);
  };
  return Object.assign(dispatch, { metrics: new RequestMetrics(), seen, respond: dispatch });
}

const echo = dispatcher(async (r) => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ method: r.method, path: r.path, body: r.body }),
}));

/** What the handler is told, as a promise. */
function forward(
  forwarder: InProcessForwarder,
  replica: InProcessReplica,
  request: { method: string; path: string; body?: string | Uint8Array; headers?: string[] },
): { taken: boolean; told: Promise<{ error?: BqdeployError; answer?: ForwardedResponse }> } {
  let taken = false;
  const told = new Promise<{ error?: BqdeployError; answer?: ForwardedResponse }>((resolve) => {
    taken = forwarder.dispatch(replica, request, {
      onForwarded: (error, answer) => resolve({ ...(error ? { error } : {}), ...(answer ? { answer } : {}) }),
    });
  });
  return { taken, told };
}

describe("InProcessForwarder", () => {
  it("tells a synchronous answer (an engine predict) before dispatch() returns", () => {
    const forwarder = new InProcessForwarder();
    const answer = {
      status: 200,
      headers: { "content-type": "application/json" },
      body: '{"predictions": [1]}',
    };
    const now = Object.assign(async () => answer, {
      metrics: new RequestMetrics(),
      respond: () => answer,
    }) as TfServingDispatcher;
    const replica = new InProcessReplica(ENDPOINT, now, 1024);
    let told: ForwardedResponse | undefined;
    const taken = forwarder.dispatch(
      replica,
      { method: "POST", path: "/v1/models/m:predict", body: "{}" },
      {
        onForwarded: (_error, a) => {
          told = a;
        },
      },
    );
    expect(taken).toBe(true);
    expect(told?.status).toBe(200);
    expect(Buffer.from(told!.body).toString()).toBe('{"predictions": [1]}');
    // Nothing left in flight: the replica closes at once.
    return replica.close();
  });

  it("hands the request to the replica's dispatcher: body as UTF-8 text, headers as a record", async () => {
    const forwarder = new InProcessForwarder();
    const replica = new InProcessReplica(ENDPOINT, echo, 1024);
    const body = Buffer.from('{"instances": ["é"]}');
    const { taken, told } = forward(forwarder, replica, {
      method: "POST",
      path: "/v1/models/m:predict?x=1",
      body: body.subarray(0),
      headers: ["Content-Type", "application/json"],
    });
    expect(taken).toBe(true);
    const { answer } = await told;
    expect(answer).toMatchObject({ status: 200, contentType: "application/json", endpoint: ENDPOINT });
    expect(JSON.parse(Buffer.from(answer!.body).toString())).toEqual({
      method: "POST",
      path: "/v1/models/m:predict?x=1",
      body: '{"instances": ["é"]}',
    });
    expect(echo.seen.at(-1)!.headers).toEqual({ "content-type": "application/json" });
    forwarder.close();
  });

  it("answers 413 past the replica's body limit, as its HTTP handler does, without dispatching", async () => {
    const forwarder = new InProcessForwarder();
    const seen = echo.seen.length;
    const replica = new InProcessReplica(ENDPOINT, echo, 8);
    const { told } = forward(forwarder, replica, {
      method: "POST",
      path: "/v1/models/m:predict",
      body: Buffer.alloc(9),
    });
    const { answer } = await told;
    expect(answer!.status).toBe(413);
    expect(JSON.parse(Buffer.from(answer!.body).toString())).toEqual({
      error: "Request body of 9 bytes exceeds the limit of 8 bytes; send fewer instances per request.",
    });
    expect(echo.seen.length).toBe(seen);
    await replica.close(); // nothing left in flight
  });

  it("reports DEADLINE_EXCEEDED past its timeout and ignores the late answer", async () => {
    let finish = (): void => {};
    const slow = dispatcher(
      () =>
        new Promise((resolve) => {
          finish = () => resolve({ status: 200, headers: {}, body: "{}" });
        }),
    );
    const forwarder = new InProcessForwarder({ timeoutMs: 40 });
    const replica = new InProcessReplica(ENDPOINT, slow, 1024);
    const calls: unknown[] = [];
    const told = new Promise<BqdeployError | undefined>((resolve) => {
      forwarder.dispatch(
        replica,
        { method: "POST", path: "/v1/models/m:predict", body: "{}" },
        {
          onForwarded: (error, answer) => {
            calls.push(error ?? answer);
            resolve(error);
          },
        },
      );
    });
    const error = await told;
    expect(error).toMatchObject({
      code: "DEADLINE_EXCEEDED",
      message: `${ENDPOINT} did not answer within 40 ms; check the deployment's load and logs.`,
    });
    // The replica is still working on it: closing waits for that answer.
    let closed = false;
    const closing = replica.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    finish();
    await closing;
    expect(calls).toHaveLength(1);
  });

  it("answers 500 in TF Serving's shape should the dispatcher reject", async () => {
    const broken = dispatcher(() => Promise.reject(new Error("boom")));
    const forwarder = new InProcessForwarder();
    const { told } = forward(forwarder, new InProcessReplica(ENDPOINT, broken, 1024), {
      method: "GET",
      path: "/v1/models/m",
    });
    const { answer } = await told;
    expect(answer!.status).toBe(500);
    expect(answer!.contentType).toBe("application/json");
    expect(JSON.parse(Buffer.from(answer!.body).toString())).toEqual({ error: "Error: boom" });
    expect(broken.seen[0]!.body).toBe("");
    forwarder.close();
  });

  it("takes nothing for a closed replica (the caller sends it elsewhere)", async () => {
    const forwarder = new InProcessForwarder();
    const seen = echo.seen.length;
    const replica = new InProcessReplica(ENDPOINT, echo, 1024);
    await replica.close();
    expect(replica.open).toBe(false);
    const handler = { onForwarded: () => expect.unreachable("a closed replica must not answer") };
    expect(forwarder.dispatch(replica, { method: "GET", path: "/v1/models/m" }, handler)).toBe(false);
    expect(echo.seen.length).toBe(seen);
  });

  it("answers as the server's HTTP handler does, 413 included, until the server closes", async () => {
    const none: ServableSource = {
      models: () => [],
      versions: () => undefined,
      labels: () => ({}),
      servable: () => undefined,
    };
    const server = await startTfServingServer({ source: none, port: 0, maxBodyBytes: 16 });
    const forwarder = new InProcessForwarder();
    try {
      const cases = [
        { method: "POST", path: "/v1/models/m:predict", body: '{"instances":[]}' },
        { method: "POST", path: "/v1/models/m:predict", body: "x".repeat(17) },
        { method: "GET", path: "/v1/models/m/metadata" },
        { method: "GET", path: "/v1/nope" },
      ];
      for (const c of cases) {
        const res = await fetch(`${server.url}${c.path}`, { method: c.method, body: c.body });
        const { answer } = await forward(forwarder, server.inProcess, {
          ...c,
          ...(c.body === undefined ? {} : { body: Buffer.from(c.body) }),
        }).told;
        expect([answer!.status, answer!.contentType, Buffer.from(answer!.body).toString()]).toEqual([
          res.status,
          res.headers.get("content-type"),
          await res.text(),
        ]);
      }
    } finally {
      await server.close();
      forwarder.close();
    }
    expect(server.inProcess.open).toBe(false);
  });
});
