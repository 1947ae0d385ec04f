import { basicKernels } from "./basic-ops.js";
import { bigqueryKernels } from "./bigquery-ops.js";
import { castKernels } from "./cast-ops.js";
import { concatKernels } from "./concat.js";
import { elementwiseKernels } from "./elementwise.js";
import { functionalKernels } from "./functional-ops.js";
import { mathKernels } from "./math-ops.js";
import { matmulKernels } from "./matmul.js";
import { reduceKernels } from "./reduce-ops.js";
import { refVariableKernels } from "./ref-variables.js";
import { KernelRegistry } from "./registry.js";
import { resourceKernels } from "./resource-ops.js";
import { shapeKernels } from "./shape-ops.js";
import { sparseKernels } from "./sparse-ops.js";
import { stridedSliceKernels } from "./strided-slice.js";
import { tableKernels } from "./table-ops.js";

/**
 * Every op the engine runs. To support a new op: write a KernelDef (run + stripped attr defaults,
 * `stateful` if it must not be folded, `functionAttrs` if it calls library functions) in the file of
 * its family and add it to that family's list; the planner and loader need no change.
 */
export function defaultKernels(): KernelRegistry {
  return new KernelRegistry([
    ...basicKernels,
    ...shapeKernels,
    ...concatKernels,
    ...stridedSliceKernels,
    ...sparseKernels,
    ...elementwiseKernels,
    ...mathKernels,
    ...matmulKernels,
    ...reduceKernels,
    ...castKernels,
    ...resourceKernels,
    ...refVariableKernels,
    ...tableKernels,
    ...functionalKernels,
    ...bigqueryKernels,
  ]);
}
