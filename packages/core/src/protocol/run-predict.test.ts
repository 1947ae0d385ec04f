import { describe, expect, it } from "vitest";
import { predictNow, runPredict } from "./run-predict.js";
import type { Servable } from "./servable.js";
import { singleFloatSignature } from "./test-signatures.js";

const doubler: Servable = {
  signatures: { serving_default: singleFloatSignature },
  async run(_name, inputs) {
    const x = inputs.x!;
    const n = x.shape[0]!;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = (x.data[i * 2] as number) * 2;
    return { y: { dtype: "DT_FLOAT", shape: [n], data: y } };
  },
};

describe("runPredict", () => {
  it("answers a row request with TF Serving's text", async () => {
    expect(await runPredict(doubler, '{"instances": [[0.1, 0], [2, 0]]}')).toBe(
      '{\n    "predictions": [0.2, 4.0\n    ]\n}',
    );
  });

  it("answers a columnar request and rejects bad input with TF's message", async () => {
    expect(JSON.parse(await runPredict(doubler, { inputs: [[1, 2]] }))).toEqual({ outputs: [2] });
    await expect(runPredict(doubler, { instances: [["a", 1]] })).rejects.toThrow(
      "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: \"a\" Type: String is not of expected type: float",
    );
  });
});

// The same model, also able to run synchronously (as the engine's servables are).
const syncDoubler: Servable = {
  ...doubler,
  runNow(_name, inputs) {
    const x = inputs.x!;
    const n = x.shape[0]!;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = (x.data[i * 2] as number) * 2;
    return { y: { dtype: "DT_FLOAT", shape: [n], data: y } };
  },
};

describe("predictNow", () => {
  it("answers at once with runPredict's text for a servable that runs synchronously", async () => {
    const body = '{"instances": [[0.1, 0], [2, 0]]}';
    expect(predictNow(syncDoubler, body)).toBe(await runPredict(doubler, body));
  });

  it("leaves servables that only run asynchronously to runPredict", () => {
    expect(predictNow(doubler, '{"instances": [[0.1, 0]]}')).toBeUndefined();
  });

  it("throws TF Serving's errors synchronously", () => {
    expect(() => predictNow(syncDoubler, { instances: [["a", 1]] })).toThrow(
      "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT",
    );
  });
});
