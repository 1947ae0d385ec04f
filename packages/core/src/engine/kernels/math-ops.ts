import type { NumericData, Tensor } from "../../protocol/tensor.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";
import { numeric, uninitialized } from "../tensor/tensors.js";
import { arithmetic, binary } from "./elementwise.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

/**
 * Arithmetic and activations of BigQuery ML's DNN and TRANSFORM graphs. Each result is computed in
 * double and stored in the output's storage, so float32 results are the correctly rounded float32
 * value of the exact operation (double rounding cannot change +, -, *, / of float32 operands).
 */

/** Applies `f` to every element; the output keeps the input's dtype (float32 storage rounds). */
export function unary(t: Tensor, op: string, f: (x: number) => number): Tensor {
  const src = numeric(t, `${op} input`);
  const out = uninitialized(t.dtype, t.shape);
  const dst = out.data as NumericData;
  for (let i = 0; i < src.length; i++) dst[i] = f(src[i]!);
  return out;
}

const unaryKernel = (op: string, f: (x: number) => number): KernelDef => ({
  outputArgs: ["y"],
  run: (_ctx, inputs) => [unary(tensorAt(inputs, 0, op), op, f)],
});

/** BiasAdd: adds a rank-1 bias along the last axis (data_format NHWC, the only one BigQuery ML uses). */
export function biasAdd(value: Tensor, bias: Tensor): Tensor {
  const width = value.shape[value.shape.length - 1];
  if (value.shape.length < 2) {
    throw invalidArgument(`Input tensor must be at least 2D: ${shapeText(value.shape)}`);
  }
  if (bias.shape.length !== 1 || bias.shape[0] !== width) {
    throw invalidArgument(
      `Must provide as many biases as the last dimension of the input tensor: ${shapeText(bias.shape)} vs. ${shapeText(value.shape)}`,
    );
  }
  if (value.dtype !== bias.dtype) throw invalidArgument("BiasAdd: value and bias must have the same dtype");
  return binary(value, bias, value.dtype, (x, y) => (x as number) + (y as number));
}

/** RealDiv: true division for floats; integer operands truncate toward zero as C does. */
function realDiv(a: Tensor, b: Tensor): Tensor {
  const integer = a.dtype === "DT_INT64" || a.dtype === "DT_INT32";
  return binary(a, b, a.dtype, (x, y) => {
    const q = (x as number) / (y as number);
    return integer ? Math.trunc(q) : q;
  });
}

/** BroadcastTo(input, shape): `input` repeated along the axes where it has size 1 or is missing. */
export function broadcastTo(input: Tensor, shape: number[]): Tensor {
  const offset = shape.length - input.shape.length;
  if (offset < 0 || input.shape.some((d, i) => d !== 1 && d !== shape[offset + i])) {
    throw invalidArgument(
      `Unable to broadcast tensor of shape ${shapeText(input.shape)} to tensor of shape ${shapeText(shape)}`,
    );
  }
  // Only the frame's shape is read: binary() keeps the input's value at every position.
  const frame: Tensor = { dtype: "DT_BOOL", shape, data: new Uint8Array(0) };
  return binary(input, frame, input.dtype, (x) => x);
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export const mathKernels: [string, KernelDef][] = [
  ["Sub", arithmetic("Sub", (x, y) => x - y)],
  ["Mul", arithmetic("Mul", (x, y) => x * y)],
  [
    "RealDiv",
    {
      outputArgs: ["z"],
      run: (_ctx, inputs) => {
        const a = tensorAt(inputs, 0, "RealDiv");
        const b = tensorAt(inputs, 1, "RealDiv");
        if (a.dtype !== b.dtype) throw invalidArgument("RealDiv: both inputs must have the same dtype");
        return [realDiv(a, b)];
      },
    },
  ],
  [
    "Maximum",
    arithmetic("Maximum", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.max(x, y))),
  ],
  [
    "Minimum",
    arithmetic("Minimum", (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : Math.min(x, y))),
  ],
  ["Relu", unaryKernel("Relu", (x) => (x > 0 ? x : 0))],
  ["Sigmoid", unaryKernel("Sigmoid", sigmoid)],
  ["Neg", unaryKernel("Neg", (x) => -x)],
  [
    "BiasAdd",
    {
      defaults: { data_format: "NHWC" },
      outputArgs: ["output"],
      check: (attrs) =>
        attrs.string("data_format") === "NHWC" ? undefined : `data_format ${attrs.string("data_format")}`,
      run: (_ctx, inputs) => [biasAdd(tensorAt(inputs, 0, "BiasAdd"), tensorAt(inputs, 1, "BiasAdd"))],
    },
  ],
  [
    "ZerosLike",
    {
      outputArgs: ["y"],
      run: (_ctx, inputs) => {
        const t = tensorAt(inputs, 0, "ZerosLike");
        const out = uninitialized(t.dtype, t.shape);
        if (Array.isArray(out.data)) out.data.fill("");
        return [out];
      },
    },
  ],
  [
    "BroadcastTo",
    {
      defaults: { Tidx: "DT_INT32" },
      outputArgs: ["output"],
      run: (_ctx, inputs) => {
        const shape = [...numeric(tensorAt(inputs, 1, "BroadcastTo"), "BroadcastTo shape")];
        return [broadcastTo(tensorAt(inputs, 0, "BroadcastTo"), shape)];
      },
    },
  ],
];
