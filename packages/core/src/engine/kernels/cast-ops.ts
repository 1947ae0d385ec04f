import type { Tensor } from "../../protocol/tensor.js";
import { canCast, castTensor } from "../tensor/cast.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument } from "../tensor/errors.js";
import { zeros } from "../tensor/tensors.js";
import { tensorAt } from "./inputs.js";
import type { KernelDef } from "./kernel.js";
import type { NodeAttrs } from "./attrs.js";

/** printf-style formatting of one number, as AsString's format string "%<fill><width>.<precision><conv>". */
function formatNumber(x: number, conv: "d" | "f" | "e" | "g", precision: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (conv === "d") return x.toFixed(0);
  const p = precision < 0 ? 6 : precision;
  if (conv === "f") return x.toFixed(p);
  if (conv === "e") return cExponent(x.toExponential(p));
  // %g: shortest of %e / %f at precision P (P=0 -> 1), trailing zeros removed.
  const P = p === 0 ? 1 : p;
  const exp = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(x.toExponential(P - 1)))));
  const text = exp < -4 || exp >= P ? cExponent(x.toExponential(P - 1)) : x.toFixed(Math.max(0, P - 1 - exp));
  return text.replace(/\.?0+(?=e|$)/, "");
}

/** JS writes 1e+5; C writes 1e+05. */
function cExponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

/** AsString: numbers and bools to text with TF's attrs (precision, scientific, shortest, width, fill). */
export function asString(t: Tensor, attrs: NodeAttrs): Tensor {
  if (t.dtype === "DT_STRING") return t;
  const precision = attrs.int("precision");
  const width = attrs.int("width");
  const fill = attrs.string("fill");
  const float = t.dtype === "DT_FLOAT" || t.dtype === "DT_DOUBLE";
  if (!float && (precision > -1 || attrs.bool("scientific") || attrs.bool("shortest"))) {
    throw invalidArgument(`Cannot select precision, scientific or shortest for ${dtypeName(t.dtype)}`);
  }
  const conv = !float ? "d" : attrs.bool("shortest") ? "g" : attrs.bool("scientific") ? "e" : "f";
  const out = zeros("DT_STRING", t.shape);
  const dst = out.data as string[];
  const src = t.data;
  for (let i = 0; i < dst.length; i++) {
    const v = src[i] as number;
    let text = t.dtype === "DT_BOOL" ? (v ? "true" : "false") : formatNumber(v, conv, precision);
    if (width > text.length) {
      text =
        fill === "0" && /^-/.test(text)
          ? `-${text.slice(1).padStart(width - 1, "0")}`
          : text.padStart(width, fill === "0" ? "0" : " ");
    }
    dst[i] = text;
  }
  return out;
}

export const castKernels: [string, KernelDef][] = [
  [
    "Cast",
    {
      defaults: { Truncate: false },
      outputArgs: ["y"],
      check: (attrs) =>
        canCast(attrs.type("SrcT"), attrs.type("DstT"))
          ? undefined
          : `Cast from ${dtypeName(attrs.type("SrcT"))} to ${dtypeName(attrs.type("DstT"))}`,
      run: (_c, inputs, attrs) => {
        const x = tensorAt(inputs, 0, "Cast");
        return [castTensor(x, attrs.type("DstT"), attrs.bool("Truncate"))];
      },
    },
  ],
  [
    "AsString",
    {
      defaults: { precision: -1, scientific: false, shortest: false, width: -1, fill: "" },
      run: (_c, inputs, attrs) => [asString(tensorAt(inputs, 0, "AsString"), attrs)],
    },
  ],
];
