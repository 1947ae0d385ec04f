import type { DType, Tensor } from "../../protocol/tensor.js";
import { allocate, shapeSize } from "../../protocol/tensor.js";
import { modelCorrupt } from "../model-error.js";

/** A partitioned variable bigger than this many elements is refused (BigQuery ML's are small). */
const MAX_ELEMENTS = 1 << 26;

/**
 * Puts the stored slices of a partitioned (TF1) variable back into one tensor of the full shape.
 * Each part's extents are {start, length}; length -1 means the whole dimension.
 */
export function assembleSlices(
  name: string,
  dtype: DType,
  shape: number[],
  parts: { extents: { start: number; length: number }[]; tensor: Tensor }[],
  file: string,
): Tensor {
  const total = shapeSize(shape);
  let covered = 0;
  for (const part of parts) covered += part.tensor.data.length;
  if (total > MAX_ELEMENTS || covered !== total) {
    throw modelCorrupt(
      file,
      `the slices of variable "${name}" hold ${covered} values for shape [${shape.join(", ")}]`,
    );
  }
  const data = allocate(dtype, total);
  for (const { extents, tensor } of parts) {
    if (extents.length !== shape.length) throw modelCorrupt(file, `a slice of "${name}" has the wrong rank`);
    const starts = extents.map((e) => e.start);
    const lengths = extents.map((e, d) => (e.length < 0 ? (shape[d] as number) : e.length));
    if (
      lengths.some((l, d) => (starts[d] as number) + l > (shape[d] as number) || (starts[d] as number) < 0)
    ) {
      throw modelCorrupt(file, `a slice of "${name}" lies outside its shape`);
    }
    if (shapeSize(lengths) !== tensor.data.length)
      throw modelCorrupt(file, `a slice of "${name}" has the wrong size`);
    copySlice(tensor.data, data, shape, starts, lengths);
  }
  return { dtype, shape, data };
}

function copySlice(
  from: Tensor["data"],
  to: Tensor["data"],
  shape: number[],
  starts: number[],
  lengths: number[],
): void {
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < from.length; i++) {
    let flat = 0;
    for (let d = 0; d < rank; d++)
      flat = flat * (shape[d] as number) + (starts[d] as number) + (index[d] as number);
    (to as unknown[])[flat] = (from as unknown[])[i];
    for (let d = rank - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (lengths[d] as number)) break;
      index[d] = 0;
    }
  }
}
