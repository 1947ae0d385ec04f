import { describe, expect, it } from "vitest";
import { decodePredictRequest } from "./predict-request.js";
import { isServingError } from "./serving-error.js";
import { seedInstance, singleFloatSignature, tipSignature } from "./test-signatures.js";

const tip = { serving_default: tipSignature };
const single = { serving_default: singleFloatSignature };

const errorOf = (body: unknown, signatures = tip): string => {
  try {
    decodePredictRequest(typeof body === "string" ? body : JSON.stringify(body), signatures);
  } catch (err) {
    if (isServingError(err)) {
      expect(err.httpStatus).toBe(400);
      return err.message;
    }
    throw err;
  }
  throw new Error("expected the request to be rejected");
};

describe("decodePredictRequest: row format", () => {
  it("batches the seed request into one tensor per input", () => {
    const r = decodePredictRequest(JSON.stringify({ instances: [seedInstance, seedInstance] }), tip);
    expect(r.format).toBe("row");
    expect(r.signatureName).toBe("serving_default");
    expect(r.inputs.fare_amount).toEqual({
      dtype: "DT_DOUBLE",
      shape: [2],
      data: new Float64Array([20.4, 20.4]),
    });
    expect(r.inputs.PULocationID).toEqual({ dtype: "DT_STRING", shape: [2], data: ["193", "193"] });
  });

  it("accepts bare values for a single-input signature and rounds DT_FLOAT to float32", () => {
    const r = decodePredictRequest("[1]".replace("[1]", '{"instances": [[0.1, 2], [3, NaN]]}'), single);
    expect(r.inputs.x!.shape).toEqual([2, 2]);
    expect(r.inputs.x!.data).toBeInstanceOf(Float32Array);
    expect(r.inputs.x!.data[0]).toBe(Math.fround(0.1));
    expect(r.inputs.x!.data[3]).toBeNaN();
  });

  it('decodes {"b64": ...} into bytes held as latin1', () => {
    const sig = {
      serving_default: {
        ...singleFloatSignature,
        inputs: { s: { name: "s", dtype: "DT_STRING" as const, shape: [-1] } },
      },
    };
    const r = decodePredictRequest(JSON.stringify({ instances: [{ b64: "AP8=" }] }), sig);
    expect(r.inputs.s!.data).toEqual(["\u0000\u00ff"]);
  });

  it("gives TF Serving's texts for key-set errors", () => {
    const { tolls_amount: _, ...missing } = seedInstance;
    expect(errorOf({ instances: [missing] })).toBe(
      `Failed to process element: 0 of 'instances' list. JSON object: {
    "passenger_count": 1,
    "trip_distance": 12.2,
    "PULocationID": "193",
    "DOLocationID": "264",
    "payment_type": "2",
    "fare_amount": 20.4
} keys must be equal to: DOLocationID,PULocationID,fare_amount,passenger_count,payment_type,tolls_amount,trip_distance`,
    );
    expect(errorOf({ instances: [{ ...seedInstance, extra: 1 }] })).toBe(
      "Failed to process element: 0 key: extra of 'instances' list. Error: INVALID_ARGUMENT: JSON object: does not have named input: extra",
    );
  });

  it("checks JSON types against dtypes", () => {
    expect(errorOf({ instances: [{ ...seedInstance, PULocationID: 193 }] })).toBe(
      "Failed to process element: 0 key: PULocationID of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 193 Type: Number is not of expected type: string",
    );
    expect(errorOf({ instances: [{ ...seedInstance, fare_amount: "20.4" }] })).toContain(
      'JSON Value: "20.4" Type: String is not of expected type: double',
    );
    const ints = {
      serving_default: {
        ...singleFloatSignature,
        inputs: { i: { name: "i", dtype: "DT_INT64" as const, shape: [-1] } },
      },
    };
    expect(errorOf({ instances: [1.5] }, ints)).toBe(
      "Failed to process element: 0 of 'instances' list. Error: INVALID_ARGUMENT: JSON Value: 1.5 Type: Number is not of expected type: int64",
    );
    expect(errorOf({ instances: [1e39] }, single)).toContain(
      "Cannot convert JSON value: 1e+39 to float without loss of precision.",
    );
  });

  it("rejects inconsistent batch sizes and ragged lists", () => {
    expect(errorOf({ instances: [seedInstance, { ...seedInstance, fare_amount: [1, 2] }] })).toBe(
      "Failed to process element: 1 key: fare_amount of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 1 but got: 2",
    );
    expect(errorOf({ instances: [[1, 2], [3]] }, single)).toBe(
      "Failed to process element: 1 of 'instances' list. Error: INVALID_ARGUMENT: Expecting tensor size: 2 but got: 1",
    );
    expect(errorOf({ instances: [[[1], 2]] }, single)).toContain(
      "JSON Value: 2 found at incorrect level: 2 in the JSON DOM. Expected at level: 2",
    );
  });

  it("gives the request-level errors", () => {
    expect(errorOf({})).toBe("Missing 'inputs' or 'instances' key");
    expect(errorOf({ instances: [], inputs: {} })).toBe(
      "JSON Value: {\n    \"instances\": [],\n    \"inputs\": {}\n} Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ",
    );
    expect(errorOf({ instances: [] })).toBe(
      "JSON Value: {\n    \"instances\": []\n} No values in 'instances' array",
    );
    expect(errorOf({ instances: 3 })).toContain("Excepting 'instances' to be an list/array");
    expect(errorOf({ signature_name: "x", instances: [1] })).toBe(
      'Serving signature name: "x" not found in signature def',
    );
    expect(errorOf({ signature_name: 1, instances: [1] })).toContain(
      "'signature_name' key must be a string value.",
    );
    expect(errorOf("[1]")).toBe("JSON Value: [\n    1\n] Is not object");
    expect(errorOf({ instances: [1] })).toBe(
      "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map",
    );
  });
});

describe("decodePredictRequest: columnar format", () => {
  it("reads named inputs and ignores extra keys", () => {
    const r = decodePredictRequest(
      JSON.stringify({
        inputs: { ...Object.fromEntries(Object.entries(seedInstance).map(([k, v]) => [k, [v]])), x: 1 },
      }),
      tip,
    );
    expect(r.format).toBe("columnar");
    expect(r.inputs.trip_distance).toEqual({
      dtype: "DT_DOUBLE",
      shape: [1],
      data: new Float64Array([12.2]),
    });
    expect(Object.keys(r.inputs)).not.toContain("x");
  });

  it("accepts a bare tensor for a single input", () => {
    const r = decodePredictRequest('{"inputs": [[1, 2]]}', single);
    expect(r.inputs.x!.shape).toEqual([1, 2]);
  });

  it("names a missing input", () => {
    expect(errorOf({ inputs: { fare_amount: [1] } })).toBe(
      "Missing named input: DOLocationID in 'inputs' object.",
    );
    expect(errorOf({ inputs: [1] })).toBe(
      "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map",
    );
  });
});
