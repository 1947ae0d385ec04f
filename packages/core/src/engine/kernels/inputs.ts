import type { Tensor } from "../../protocol/tensor.js";
import { badGraph } from "../tensor/errors.js";
import { type EngineValue, isResource, type ResourceHandle } from "./kernel.js";

/** Input `i` as a tensor (a resource or a missing input means the graph is wired wrongly). */
export function tensorAt(inputs: readonly EngineValue[], i: number, op: string): Tensor {
  const v = inputs[i];
  if (v === undefined || isResource(v)) throw badGraph(`${op} expects a tensor as input ${i}`);
  return v;
}

/** Input `i` as a resource handle. */
export function resourceAt(inputs: readonly EngineValue[], i: number, op: string): ResourceHandle {
  const v = inputs[i];
  if (v === undefined || !isResource(v)) throw badGraph(`${op} expects a resource handle as input ${i}`);
  return v;
}
