import { invalidArgument, shapeText } from "./errors.js";
import { sameShape, stridesOf } from "./tensors.js";

/** NumPy/TF broadcasting of two shapes, with TF's message when they are incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw invalidArgument(`Incompatible shapes: ${shapeText(a)} vs. ${shapeText(b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each element of `out` (row-major), the index of the element of an operand of shape `shape`
 * that broadcasting reads. Returns undefined when the operand already has the output's shape.
 */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array | undefined {
  if (sameShape(shape, out)) return undefined;
  const size = out.reduce((n, d) => n * d, 1);
  const index = new Int32Array(size);
  const rank = out.length;
  const inStrides = stridesOf(shape);
  // Stride per output axis: 0 where the operand is broadcast (missing axis or size 1).
  const step = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const j = i - (rank - shape.length);
    step[i] = j < 0 || shape[j] === 1 ? 0 : inStrides[j]!;
  }
  const coord = new Array<number>(rank).fill(0);
  let at = 0;
  for (let k = 0; k < size; k++) {
    index[k] = at;
    for (let i = rank - 1; i >= 0; i--) {
      coord[i]!++;
      at += step[i]!;
      if (coord[i]! < out[i]!) break;
      at -= step[i]! * out[i]!;
      coord[i] = 0;
    }
  }
  return index;
}
