import { shapeSize } from "../../protocol/tensor.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";

const identity: KernelDef = { run: (_ctx, inputs) => [tensorAt(inputs, 0, "Identity")] };

/** Const, Identity and friends, NoOp, and the feed points. */
export const basicKernels: [string, KernelDef][] = [
  ["Const", { run: (_ctx, _inputs, attrs) => [attrs.tensor("value")] }],
  ["Identity", identity],
  ["StopGradient", identity],
  ["Snapshot", identity],
  ["IdentityN", { run: (_ctx, inputs) => [...inputs] }],
  ["NoOp", { run: () => [] }],
  [
    // Runs only when a needed placeholder was not fed.
    "Placeholder",
    {
      stateful: true,
      run: (ctx, _inputs, attrs) => {
        const shape = attrs.shape("shape");
        const dims = shape === null ? "<unknown>" : `[${shape.map((d) => (d < 0 ? "?" : d)).join(",")}]`;
        throw invalidArgument(
          `You must feed a value for placeholder tensor '${ctx.nodeName}' with dtype ${dtypeName(attrs.type("dtype"))} and shape ${dims}`,
        );
      },
    },
  ],
  [
    // Not fed: its default input, checked against the declared shape.
    "PlaceholderWithDefault",
    {
      run: (ctx, inputs, attrs) => {
        const value = tensorAt(inputs, 0, ctx.op);
        const shape = attrs.shape("shape");
        if (shape !== null && shape.length > 0) {
          const ok =
            shape.length === value.shape.length && shape.every((d, i) => d < 0 || d === value.shape[i]);
          if (!ok || shapeSize(value.shape) !== value.data.length) {
            throw invalidArgument(
              `PlaceholderWithDefault ${ctx.nodeName}: default value does not match its shape`,
            );
          }
        }
        return [value];
      },
    },
  ],
];
