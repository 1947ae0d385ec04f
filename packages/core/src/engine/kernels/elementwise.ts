import type { DType, Tensor, TensorData } from "../../protocol/tensor.js";
import { broadcastIndex, broadcastShapes } from "../tensor/broadcast.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { PatchedTensor } from "../tensor/patched-tensor.js";
import { SplatTensor } from "../tensor/splat-tensor.js";
import { uninitialized, zeros } from "../tensor/tensors.js";
import { reshapeView } from "../tensor/views.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

type Scalar = number | string;

/**
 * Applies `f` element-wise with broadcasting. Results land in the output dtype's storage, so float32
 * results are rounded to float32 as TF's kernels do; int32 results wrap (typed-array stores).
 */
export function binary(a: Tensor, b: Tensor, outDtype: DType, f: (x: Scalar, y: Scalar) => Scalar): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = uninitialized(outDtype, shape);
  const dst = out.data as TensorData;
  const x = a.data;
  const y = b.data;
  const n = dst.length;
  if (x.length === n && y.length === n) {
    for (let i = 0; i < n; i++) dst[i] = f(x[i]!, y[i]!) as never;
  } else if (x.length === n && y.length === 1) {
    const c = y[0]!;
    for (let i = 0; i < n; i++) dst[i] = f(x[i]!, c) as never;
  } else if (x.length === 1 && y.length === n) {
    const c = x[0]!;
    for (let i = 0; i < n; i++) dst[i] = f(c, y[i]!) as never;
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < n; i++) dst[i] = f(x[ia ? ia[i]! : i]!, y[ib ? ib[i]! : i]!) as never;
  }
  return out;
}

function sameDtype(a: Tensor, b: Tensor, op: string): void {
  if (a.dtype !== b.dtype) {
    throw invalidArgument(
      `${op}: expected both inputs to be ${dtypeName(a.dtype)}, got ${dtypeName(b.dtype)}`,
    );
  }
}

/** A kernel for an arithmetic op whose output has its inputs' dtype. */
export function arithmetic(
  op: string,
  f: (x: number, y: number) => number,
  strings?: (x: string, y: string) => string,
): KernelDef {
  return {
    outputArgs: ["z"],
    run: (_ctx, inputs) => {
      const a = tensorAt(inputs, 0, op);
      const b = tensorAt(inputs, 1, op);
      sameDtype(a, b, op);
      if (a.dtype === "DT_STRING") {
        if (!strings) throw invalidArgument(`${op} does not support string tensors`);
        return [binary(a, b, a.dtype, (x, y) => strings(x as string, y as string))];
      }
      return [binary(a, b, a.dtype, (x, y) => f(x as number, y as number))];
    },
  };
}

/** Equality of two tensors (broadcast) as bool; `negate` gives NotEqual. Same-dtype inputs only. */
export function equality(a: Tensor, b: Tensor, negate: boolean): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = zeros("DT_BOOL", shape);
  const dst = out.data as Uint8Array;
  const y = b.data;
  const hit = negate ? 0 : 1;
  const miss = 1 - hit;
  if (a instanceof PatchedTensor && y.length === 1 && a.base.length === dst.length) {
    const c = y[0];
    const base = a.base;
    const mask = a.mask;
    const patched = a.value === c ? hit : miss;
    for (let i = 0; i < dst.length; i++) dst[i] = mask[i] ? patched : base[i] === c ? hit : miss;
    return out;
  }
  const x = a.data;
  if (y.length === 1 && x.length === dst.length) {
    // The input layer's case: a column against one constant ("" or the ignore value).
    const c = y[0];
    for (let i = 0; i < dst.length; i++) dst[i] = x[i] === c ? hit : miss;
    return out;
  }
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  for (let i = 0; i < dst.length; i++) dst[i] = x[ia ? ia[i]! : i] === y[ib ? ib[i]! : i] ? hit : miss;
  return out;
}

function comparison(op: string, negate: boolean): KernelDef {
  return {
    outputArgs: ["z"],
    defaults: { incompatible_shape_error: true },
    run: (_ctx, inputs) => {
      const a = tensorAt(inputs, 0, op);
      const b = tensorAt(inputs, 1, op);
      sameDtype(a, b, op);
      return [equality(a, b, negate)];
    },
  };
}

/** SelectV2(cond, t, e) with broadcasting across all three. */
export function selectV2(cond: Tensor, t: Tensor, e: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, t.shape), e.shape);
  const c = cond.data;
  const y = e.data;
  const n = shape.reduce((a, d) => a * d, 1);
  if (t instanceof SplatTensor && cond.dtype === "DT_BOOL" && c.length === n && y.length === n)
    return patched(c as Uint8Array, t.value, e, shape);
  const out = uninitialized(t.dtype, shape);
  const dst = out.data as TensorData;
  const x = t.data;
  if (c.length === n && x.length === n && y.length === n) {
    for (let i = 0; i < n; i++) dst[i] = (c[i] ? x[i] : y[i]) as never;
    return out;
  }
  const [ic, it, ie] = [cond, t, e].map((v) => broadcastIndex(v.shape, shape));
  for (let i = 0; i < n; i++) {
    dst[i] = (c[ic ? ic[i]! : i] ? x[it ? it[i]! : i] : y[ie ? ie[i]! : i]) as never;
  }
  return out;
}

/**
 * SelectV2(cond, splat, e) as the input layer uses it ('' -> a placeholder word): `e` itself when no
 * condition holds, else a PatchedTensor over `e` (nothing copied either way).
 */
function patched(cond: Uint8Array, value: number | string, e: Tensor, shape: number[]): Tensor {
  if (cond.indexOf(1) < 0) return reshapeView(e, shape);
  return new PatchedTensor(e.dtype, shape, e.data, cond, value);
}

/** Select(cond, t, e), TF1 semantics: cond has t's shape, is a scalar, or picks whole rows. */
export function select(cond: Tensor, t: Tensor, e: Tensor): Tensor {
  if (t.shape.length !== e.shape.length || t.shape.some((d, i) => d !== e.shape[i])) {
    throw invalidArgument(
      `'then' and 'else' must have the same size.  but received: [${t.shape}] vs. [${e.shape}]`,
    );
  }
  if (cond.shape.length === 1 && t.shape.length > 1) {
    if (cond.shape[0] !== t.shape[0]) {
      throw invalidArgument(
        `Number of batches of 'then' must match size of 'cond', but saw: ${t.shape[0]} vs. ${cond.shape[0]}`,
      );
    }
    const rowShape = [cond.shape[0]!, ...t.shape.slice(1).map(() => 1)];
    return selectV2({ ...cond, shape: rowShape }, t, e);
  }
  if (
    cond.shape.length !== 0 &&
    (cond.shape.length !== t.shape.length || cond.shape.some((d, i) => d !== t.shape[i]))
  ) {
    throw invalidArgument(
      `'cond' and 'then' must have the same size.  but received: [${cond.shape}] vs. [${t.shape}]`,
    );
  }
  return selectV2(cond, t, e);
}

const selectKernel = (op: string, f: typeof select): KernelDef => ({
  run: (_ctx, inputs) => [f(tensorAt(inputs, 0, op), tensorAt(inputs, 1, op), tensorAt(inputs, 2, op))],
});

export const elementwiseKernels: [string, KernelDef][] = [
  ["AddV2", arithmetic("AddV2", (x, y) => x + y)],
  [
    "Add",
    arithmetic(
      "Add",
      (x, y) => x + y,
      (x, y) => x + y,
    ),
  ],
  ["Equal", comparison("Equal", false)],
  ["NotEqual", comparison("NotEqual", true)],
  ["SelectV2", selectKernel("SelectV2", selectV2)],
  ["Select", selectKernel("Select", select)],
];
