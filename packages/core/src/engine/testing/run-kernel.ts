import type { Tensor } from "../../protocol/tensor.js";
import type { AttrValue } from "../../savedmodel/types.js";
import { NodeAttrs } from "../kernels/attrs.js";
import { defaultKernels } from "../kernels/default-kernels.js";
import type { EngineValue, KernelContext } from "../kernels/kernel.js";
import { toPlain } from "../tensor/column-blocks.js";

const kernels = defaultKernels();

/** Test helper: runs one op of the default registry outside a graph and returns plain tensors. */
export function runOp(op: string, inputs: EngineValue[], attrs: Record<string, AttrValue> = {}): Tensor[] {
  const def = kernels.get(op);
  if (!def) throw new Error(`no kernel for ${op}`);
  const objects = new Map<string, unknown>();
  const ctx: KernelContext = {
    nodeName: `test/${op}`,
    op,
    resources: {
      obtain: <R>(key: string, create: () => R): R => {
        if (!objects.has(key)) objects.set(key, create());
        return objects.get(key) as R;
      },
      variableValue: () => undefined,
    },
    callFunction: () => {
      throw new Error("no functions in runOp");
    },
  };
  return def
    .run(ctx, inputs, new NodeAttrs(`test/${op}`, attrs, def.defaults))
    .map((v) => toPlain(v as Tensor));
}

/** Test helper: a tensor's values as a plain array. */
export function values(t: Tensor): (number | string)[] {
  return Array.from(t.data as ArrayLike<number | string>);
}
