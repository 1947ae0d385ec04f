import type { DType, Tensor, TensorData } from "../../protocol/tensor.js";
import { broadcastIndex, broadcastShapes } from "../tensor/broadcast.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { zeros } from "../tensor/tensors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

type Scalar = number | string;

/**
 * Applies `f` element-wise with broadcasting. Results land in the output dtype's storage, so float32
 * results are rounded to float32 as TF's kernels do; int32 results wrap (typed-array stores).
 */
export function binary(a: Tensor, b: Tensor, outDtype: DType, f: (x: Scalar, y: Scalar) => Scalar): Tensor {
  const shape = broadcastShapes(a.shape, b.shape);
  const out = zeros(outDtype, shape);
  const dst = out.data as TensorData;
  const x = a.data;
  const y = b.data;
  const n = dst.length;
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  if (ia === undefined && ib === undefined) {
    for (let i = 0; i < n; i++) dst[i] = f(x[i]!, y[i]!) as never;
  } else if (ia === undefined && y.length === 1) {
    const c = y[0]!;
    for (let i = 0; i < n; i++) dst[i] = f(x[i]!, c) as never;
  } else {
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

/** A kernel for a comparison producing bool. */
export function comparison(op: string, f: (x: Scalar, y: Scalar) => boolean): KernelDef {
  return {
    outputArgs: ["z"],
    defaults: { incompatible_shape_error: true },
    run: (_ctx, inputs) => {
      const a = tensorAt(inputs, 0, op);
      const b = tensorAt(inputs, 1, op);
      sameDtype(a, b, op);
      return [binary(a, b, "DT_BOOL", (x, y) => (f(x, y) ? 1 : 0))];
    },
  };
}

/** SelectV2(cond, t, e) with broadcasting across all three. */
export function selectV2(cond: Tensor, t: Tensor, e: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(cond.shape, t.shape), e.shape);
  const out = zeros(t.dtype, shape);
  const dst = out.data as TensorData;
  const [ic, it, ie] = [cond, t, e].map((x) => broadcastIndex(x.shape, shape));
  const c = cond.data;
  for (let i = 0; i < dst.length; i++) {
    const pick = c[ic ? ic[i]! : i] ? t.data[it ? it[i]! : i] : e.data[ie ? ie[i]! : i];
    dst[i] = pick as never;
  }
  return out;
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
  ["Equal", comparison("Equal", (x, y) => x === y)],
  ["NotEqual", comparison("NotEqual", (x, y) => x !== y)],
  ["SelectV2", selectKernel("SelectV2", selectV2)],
  ["Select", selectKernel("Select", select)],
];
