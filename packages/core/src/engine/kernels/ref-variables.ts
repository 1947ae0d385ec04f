import { BqdeployError } from "../../errors/index.js";
import type { KernelDef } from "./kernel.js";

/**
 * TF1 reference variables (VariableV2): the node's output is the variable's value itself. The value
 * is bound at load from the checkpoint through the saver's RestoreV2 / Assign path (so a partitioned
 * `.../part_0` node gets its slice of the checkpoint key), keyed by node name.
 */
const refVariable: KernelDef = {
  defaults: { container: "", shared_name: "" },
  outputArgs: ["ref"],
  run: (ctx) => {
    const value = ctx.resources.variableValue(ctx.nodeName);
    if (value === undefined) {
      throw new BqdeployError(
        "MODEL_CORRUPT",
        `Variable ${ctx.nodeName} has no value in variables/: the export is incomplete or corrupt; download it again.`,
      );
    }
    return [value];
  },
};

export const refVariableKernels: [string, KernelDef][] = [
  ["VariableV2", refVariable],
  ["Variable", refVariable],
];
