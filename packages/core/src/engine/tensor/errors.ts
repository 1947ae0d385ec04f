import { BqdeployError } from "../../errors/index.js";

/** A bad request detected by a kernel or the signature runner: TF's INVALID_ARGUMENT with TF's text. */
export function invalidArgument(message: string): BqdeployError {
  return new BqdeployError("INVALID_ARGUMENT", message);
}

/** A graph that cannot be right (missing attr, impossible wiring): the export is broken, not the request. */
export function badGraph(message: string): BqdeployError {
  return new BqdeployError(
    "MODEL_FORMAT_INVALID",
    `${message}. The SavedModel graph is malformed; re-export the model from BigQuery ML.`,
  );
}

/** Largest tensor a kernel will allocate (elements); larger requests fail instead of exhausting memory. */
export const MAX_ELEMENTS = 2 ** 28;

/** Number of elements of `shape`, refusing negative dimensions and sizes beyond MAX_ELEMENTS. */
export function checkedSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw invalidArgument(`Dimension ${d} must be >= 0 in shape ${shapeText(shape)}`);
    n *= d;
  }
  if (n > MAX_ELEMENTS) {
    throw invalidArgument(
      `OOM when allocating tensor with shape${shapeText(shape)}: more than ${MAX_ELEMENTS} elements`,
    );
  }
  return n;
}

/** TF's way of printing a shape in messages: [2,262]. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}
