import type { Tensor } from "../../protocol/tensor.js";
import { badGraph } from "../tensor/errors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

/** TF's truth of an If condition: a scalar's value (strings: non-empty), else "has elements". */
export function truthOf(cond: Tensor): boolean {
  if (cond.shape.length !== 0) return cond.data.length > 0;
  const v = cond.data[0];
  return typeof v === "string" ? v !== "" : v !== 0;
}

/** If / StatelessIf: runs then_branch or else_branch (library functions) on the remaining inputs. */
const conditional: KernelDef = {
  functionAttrs: ["then_branch", "else_branch"],
  run: (ctx, inputs, attrs) => {
    const cond = tensorAt(inputs, 0, ctx.op);
    const branch = attrs.func(truthOf(cond) ? "then_branch" : "else_branch");
    if (branch === undefined) throw badGraph(`${ctx.op} ${ctx.nodeName} has no branch function`);
    return ctx.callFunction(branch, inputs.slice(1));
  },
};

/** PartitionedCall / StatefulPartitionedCall: calls function `f` on all inputs. */
const call: KernelDef = {
  functionAttrs: ["f"],
  run: (ctx, inputs, attrs) => {
    const f = attrs.func("f");
    if (f === undefined) throw badGraph(`${ctx.op} ${ctx.nodeName} has no function attr f`);
    return ctx.callFunction(f, inputs);
  },
};

export const functionalKernels: [string, KernelDef][] = [
  ["StatelessIf", conditional],
  ["If", { ...conditional, stateful: true }],
  ["PartitionedCall", call],
  ["StatefulPartitionedCall", { ...call, stateful: true }],
];
