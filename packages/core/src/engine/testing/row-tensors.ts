import type { SignatureSpec } from "../../protocol/servable.js";
import { allocate, type Tensor } from "../../protocol/tensor.js";

/** Test helper: builds the columnar tensors the protocol codec makes from row instances of scalars. */
export function rowTensors(
  spec: SignatureSpec,
  instances: readonly Record<string, unknown>[],
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [key, input] of Object.entries(spec.inputs)) {
    const data = allocate(input.dtype, instances.length);
    instances.forEach((row, i) => {
      data[i] = row[key] as never;
    });
    out[key] = { dtype: input.dtype, shape: [instances.length], data };
  }
  return out;
}

type Nested = number | string | Nested[];

/** Test helper: the per-row values of a tensor, as TF Serving's row format lists them. */
export function rowsOf(t: Tensor): Nested[] {
  const [rows = 1, ...rest] = t.shape;
  const width = rest.reduce((n, d) => n * d, 1);
  const build = (offset: number, dims: number[]): Nested => {
    if (dims.length === 0) return t.data[offset] as number | string;
    const [d, ...tail] = dims;
    const inner = tail.reduce((n, x) => n * x, 1);
    return Array.from({ length: d! }, (_, i) => build(offset + i * inner, tail));
  };
  return Array.from({ length: rows }, (_, r) => build(r * width, rest));
}
