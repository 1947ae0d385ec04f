import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { encodeTensorProto } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../../errors/index.js";
import type { Tensor } from "../../protocol/tensor.js";
import { readTensorProto } from "./tensor-proto.js";
import { WireReader } from "./wire-reader.js";

const read = (bytes: Uint8Array): Tensor => readTensorProto(new WireReader(bytes, "saved_model.pb"));

function raw(build: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  build(w);
  return w.finish();
}

/** dtype + shape fields of a TensorProto. */
function header(w: BinaryWriter, dtype: number, shape: number[]): void {
  w.tag(1, WireType.Varint).int32(dtype);
  w.tag(2, WireType.LengthDelimited).fork();
  for (const d of shape) w.tag(2, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int64(d).join();
  w.join();
}

describe("TensorProto decoding", () => {
  const tensors: Tensor[] = [
    { dtype: "DT_DOUBLE", shape: [2, 2], data: Float64Array.of(1.5, -2, 1e-300, 6637.786192559884) },
    { dtype: "DT_FLOAT", shape: [3], data: Float32Array.of(0.5, -1, 3.25) },
    { dtype: "DT_INT32", shape: [3], data: Int32Array.of(-1, 0, 262) },
    { dtype: "DT_INT64", shape: [2], data: Float64Array.of(-1, 2 ** 40) },
    { dtype: "DT_BOOL", shape: [2], data: Uint8Array.of(1, 0) },
  ];

  it.each(["content", "typed", "typed-unpacked"] as const)(
    "reads numeric tensors laid out as %s",
    (layout) => {
      for (const tensor of tensors) expect(read(encodeTensorProto(tensor, layout))).toEqual(tensor);
    },
  );

  it("reads string tensors, UTF-8 as text and other bytes as latin1", () => {
    const tensor: Tensor = {
      dtype: "DT_STRING",
      shape: [3],
      data: ["", "__empty_string_replacement__", "süd"],
    };
    expect(read(encodeTensorProto(tensor))).toEqual(tensor);
    const bytes = raw((w) => {
      header(w, 7, []);
      w.tag(8, WireType.LengthDelimited).bytes(Uint8Array.of(0xff, 0x41));
    });
    expect(read(bytes).data).toEqual(["\u00ffA"]);
  });

  it("repeats the last value when the shape holds more (splat), and zero-fills an empty value list", () => {
    const splat = read(
      encodeTensorProto({ dtype: "DT_FLOAT", shape: [2, 3], data: Float32Array.of(7) }, "splat"),
    );
    expect(splat).toEqual({ dtype: "DT_FLOAT", shape: [2, 3], data: new Float32Array(6).fill(7) });
    const strings = read(encodeTensorProto({ dtype: "DT_STRING", shape: [3], data: ["x"] }, "splat"));
    expect(strings.data).toEqual(["x", "x", "x"]);
    const two = read(
      raw((w) => {
        header(w, 3, [4]);
        w.tag(7, WireType.LengthDelimited).fork().int32(1).int32(2).join();
      }),
    );
    expect(Array.from(two.data as Int32Array)).toEqual([1, 2, 2, 2]);
    const empty = read(raw((w) => header(w, 2, [3])));
    expect(empty.data).toEqual(new Float64Array(3));
  });

  it.each([
    [
      "tensor_content of the wrong size",
      raw((w) => {
        header(w, 2, [2]);
        w.tag(4, WireType.LengthDelimited).bytes(new Uint8Array(12));
      }),
      /tensor_content at byte 0 holds 12 bytes, not 2 DT_DOUBLE values/,
    ],
    [
      "more values than elements",
      raw((w) => {
        header(w, 3, [1]);
        w.tag(7, WireType.LengthDelimited).fork().int32(1).int32(2).join();
      }),
      /holds 2 values for 1 elements/,
    ],
    [
      "a splat to a huge shape",
      raw((w) => header(w, 1, [1 << 20, 1 << 20])),
      /more than a model constant can/,
    ],
    ["an unsupported dtype", raw((w) => header(w, 19, [1])), /unsupported type DT_19/],
    ["a truncated varint", Uint8Array.of(0x08, 0x81), /truncated varint at byte 1/],
    ["a length past the end", Uint8Array.of(0x22, 0x05, 0x00), /length 5 at byte 1 runs past the end/],
  ])("refuses %s with a MODEL_* error", (_, bytes, message) => {
    try {
      read(bytes);
      expect.unreachable();
    } catch (error) {
      expect(isBqdeployError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });
});
