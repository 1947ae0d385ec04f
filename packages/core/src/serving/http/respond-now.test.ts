import { describe, expect, it } from "vitest";
import type { Servable, ServableSource } from "../../protocol/servable.js";
import { singleFloatSignature } from "../../protocol/test-signatures.js";
import { createTfServingDispatcher } from "./dispatch.js";

// A predict on a servable that runs synchronously is answered in the same tick, without a promise;
// everything else still comes as a promise. Both give the same answers.

const halve = (inputs: Parameters<Servable["run"]>[1]) => {
  const x = inputs.x!;
  const n = x.shape[0]!;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = (x.data[i * 2] as number) / 2;
  return { y: { dtype: "DT_FLOAT" as const, shape: [n], data: y } };
};
const asyncOnly: Servable = {
  signatures: { serving_default: singleFloatSignature },
  run: async (_n, i) => halve(i),
};
const withNow: Servable = { ...asyncOnly, runNow: (_n, i) => halve(i) };

function sourceOf(servable: Servable): ServableSource {
  return {
    models: () => ["m"],
    versions: (m) =>
      m === "m" ? [{ version: 1, state: "AVAILABLE", errorCode: "OK", errorMessage: "" }] : undefined,
    labels: () => ({}),
    servable: (m, v) => (m === "m" && v === 1 ? servable : undefined),
  };
}

const predict = (body: string) => ({ method: "POST", path: "/v1/models/m:predict", body });

describe("TfServingDispatcher.respond", () => {
  it("answers a predict on a synchronous servable at once, as dispatch() does", async () => {
    const dispatch = createTfServingDispatcher(sourceOf(withNow));
    const now = dispatch.respond(predict('{"instances": [[3, 0]]}'));
    expect(now).not.toBeInstanceOf(Promise);
    expect(now).toEqual(await dispatch(predict('{"instances": [[3, 0]]}')));
    expect(JSON.parse((now as { body: string }).body)).toEqual({ predictions: [1.5] });
  });

  it("answers a bad request to a synchronous servable at once, with TF Serving's 400, and counts both", () => {
    const dispatch = createTfServingDispatcher(sourceOf(withNow));
    const bad = dispatch.respond(predict('{"instances": [["x", 0]]}'));
    expect(bad).not.toBeInstanceOf(Promise);
    expect((bad as { status: number }).status).toBe(400);
    expect(dispatch.respond(predict('{"instances": [[1, 0]]}'))).not.toBeInstanceOf(Promise);
    const metrics = dispatch.metrics.render();
    expect(metrics).toMatch(/status="OK"[^\n]* 1\n/);
    expect(metrics).toMatch(/status="INVALID_ARGUMENT"[^\n]* 1\n/);
  });

  it("answers through a promise when the servable only runs asynchronously, with the same body", async () => {
    const later = createTfServingDispatcher(sourceOf(asyncOnly)).respond(predict('{"instances": [[3, 0]]}'));
    expect(later).toBeInstanceOf(Promise);
    const now = createTfServingDispatcher(sourceOf(withNow)).respond(predict('{"instances": [[3, 0]]}'));
    expect(await later).toEqual(now);
  });
});
