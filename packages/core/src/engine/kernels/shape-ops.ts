import { type NumericData, shapeSize, type Tensor, type TensorData } from "../../protocol/tensor.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";
import { intScalar, intValues, normalizeAxis, zeros } from "../tensor/tensors.js";
import { SplatTensor } from "../tensor/splat-tensor.js";
import { reshapeView } from "../tensor/views.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

const shape: KernelDef = {
  defaults: { out_type: "DT_INT32" },
  run: (_ctx, inputs, attrs) => {
    const t = tensorAt(inputs, 0, "Shape");
    const out = zeros(attrs.type("out_type"), [t.shape.length]);
    (out.data as NumericData).set(t.shape);
    return [out];
  },
};

const expandDims: KernelDef = {
  defaults: { Tdim: "DT_INT32" },
  run: (_ctx, inputs) => {
    const t = tensorAt(inputs, 0, "ExpandDims");
    const rank = t.shape.length;
    const dim = intScalar(tensorAt(inputs, 1, "ExpandDims"), "ExpandDims dim");
    if (dim < -1 - rank || dim > rank) {
      throw invalidArgument(`Tried to expand dim index ${dim} for tensor with ${rank} dimensions.`);
    }
    const at = dim < 0 ? dim + rank + 1 : dim;
    const next = [...t.shape];
    next.splice(at, 0, 1);
    return [reshapeView(t, next)];
  },
};

/** Resolves a requested shape with at most one -1 against `size` elements, with TF's messages. */
export function resolveShape(requested: number[], size: number): number[] {
  let unknown = -1;
  let known = 1;
  for (let i = 0; i < requested.length; i++) {
    const d = requested[i]!;
    if (d === -1) {
      if (unknown >= 0) throw invalidArgument(`Only one input size may be -1, not both ${unknown} and ${i}`);
      unknown = i;
    } else if (d < 0) {
      throw invalidArgument(`Size ${i} must be non-negative, not ${d}`);
    } else known *= d;
  }
  const out = [...requested];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw invalidArgument(
        `Input to reshape is a tensor with ${size} values, but the requested shape requires a multiple of ${known}`,
      );
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw invalidArgument(
      `Input to reshape is a tensor with ${size} values, but the requested shape has ${known}`,
    );
  }
  return out;
}

const reshape: KernelDef = {
  defaults: { Tshape: "DT_INT32" },
  run: (_ctx, inputs) => {
    const t = tensorAt(inputs, 0, "Reshape");
    const requested = intValues(tensorAt(inputs, 1, "Reshape"), "Reshape shape");
    return [reshapeView(t, resolveShape(requested, shapeSize(t.shape)))];
  },
};

/** Stacks N same-shaped tensors along a new axis. */
export function stack(values: readonly Tensor[], axis: number, op = "Pack"): Tensor {
  const first = values[0];
  if (!first) throw invalidArgument(`${op} needs at least one input`);
  const rank = first.shape.length;
  const at = normalizeAxis(axis, rank + 1, op);
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    if (v.shape.length !== rank || v.shape.some((d, j) => d !== first.shape[j])) {
      throw invalidArgument(
        `Shapes of all inputs must match: values[0].shape = ${shapeText(first.shape)} != values[${i}].shape = ${shapeText(v.shape)}`,
      );
    }
    if (v.dtype !== first.dtype) throw invalidArgument(`${op}: all inputs must have the same dtype`);
  }
  const outShape = [...first.shape];
  outShape.splice(at, 0, values.length);
  const out = zeros(first.dtype, outShape);
  const inner = first.shape.slice(at).reduce((n, d) => n * d, 1);
  const outer = first.shape.slice(0, at).reduce((n, d) => n * d, 1);
  const dst = out.data as TensorData;
  for (let o = 0; o < outer; o++) {
    for (let v = 0; v < values.length; v++) {
      const src = values[v]!.data;
      const base = (o * values.length + v) * inner;
      for (let k = 0; k < inner; k++) dst[base + k] = src[o * inner + k]! as never;
    }
  }
  return out;
}

const pack: KernelDef = {
  defaults: { axis: 0 },
  run: (_ctx, inputs, attrs) => [
    stack(
      inputs.map((_, i) => tensorAt(inputs, i, "Pack")),
      attrs.int("axis"),
    ),
  ],
};

const tile: KernelDef = {
  defaults: { Tmultiples: "DT_INT32" },
  run: (_ctx, inputs) => {
    const t = tensorAt(inputs, 0, "Tile");
    const multiples = intValues(tensorAt(inputs, 1, "Tile"), "Tile multiples");
    const rank = t.shape.length;
    if (multiples.length !== rank) {
      throw invalidArgument(
        `Expected multiples argument to be a vector of length ${rank} but got length ${multiples.length}`,
      );
    }
    multiples.forEach((m, i) => {
      if (m < 0) throw invalidArgument(`Expected multiples[${i}] >= 0, but got ${m}`);
    });
    const outShape = t.shape.map((d, i) => d * multiples[i]!);
    if (t.data.length === 1) return [new SplatTensor(t.dtype, outShape, t.data[0]!)];
    const out = zeros(t.dtype, outShape);
    const src = t.data;
    const dst = out.data;
    if (rank === 0) {
      dst[0] = src[0] as never;
      return [out];
    }
    // Odometer over output coordinates, tracking the source offset.
    const inStrides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((n, d) => n * d, 1));
    const coord = new Array<number>(rank).fill(0);
    for (let k = 0; k < dst.length; k++) {
      let at = 0;
      for (let i = 0; i < rank; i++) at += (coord[i]! % t.shape[i]!) * inStrides[i]!;
      dst[k] = src[at] as never;
      for (let i = rank - 1; i >= 0; i--) {
        if (++coord[i]! < outShape[i]!) break;
        coord[i] = 0;
      }
    }
    return [out];
  },
};

const range: KernelDef = {
  defaults: { Tidx: "DT_INT32" },
  run: (_ctx, inputs, attrs) => {
    const [start, limit, delta] = [0, 1, 2].map((i) =>
      intScalar(tensorAt(inputs, i, "Range"), "Range argument"),
    );
    if (delta === 0) throw invalidArgument(`Requires delta != 0: ${delta}`);
    if (delta! > 0 && start! > limit!)
      throw invalidArgument(`Requires start <= limit when delta > 0: ${start}/${limit}`);
    if (delta! < 0 && start! < limit!)
      throw invalidArgument(`Requires start >= limit when delta < 0: ${start}/${limit}`);
    const dtype = attrs.type("Tidx");
    const n =
      dtype === "DT_FLOAT" || dtype === "DT_DOUBLE"
        ? Math.ceil(Math.abs((limit! - start!) / delta!))
        : Math.trunc((Math.abs(limit! - start!) + Math.abs(delta!) - 1) / Math.abs(delta!));
    const out = zeros(dtype, [n]);
    const dst = out.data as NumericData;
    // TF accumulates (val += delta); the typed array rounds float32 steps.
    let value = start!;
    for (let i = 0; i < n; i++) {
      dst[i] = value;
      value = dst[i]! + delta!;
    }
    return [out];
  },
};

export const shapeKernels: [string, KernelDef][] = [
  ["Shape", shape],
  ["ExpandDims", expandDims],
  ["Reshape", reshape],
  ["Pack", pack],
  ["Tile", tile],
  ["Range", range],
];
