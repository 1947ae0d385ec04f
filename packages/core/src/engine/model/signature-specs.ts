import type { Logger } from "../../logging/index.js";
import { DTYPES, type DType } from "../../protocol/tensor.js";
import type { SignatureSpec, TensorSpec } from "../../protocol/servable.js";
import type { SignatureDef, TensorInfo } from "../../savedmodel/types.js";
import { INIT_OP_SIGNATURE } from "./init-targets.js";

function tensorSpec(info: TensorInfo): TensorSpec | undefined {
  if (info.name === undefined || !(DTYPES as readonly string[]).includes(info.dtype)) return undefined;
  return { name: info.name, dtype: info.dtype as DType, shape: info.shape };
}

function specs(map: Record<string, TensorInfo>): Record<string, TensorSpec> | undefined {
  const out: Record<string, TensorSpec> = {};
  for (const key of Object.keys(map).sort()) {
    const spec = tensorSpec(map[key]!);
    if (!spec) return undefined;
    out[key] = spec;
  }
  return out;
}

/**
 * The servable signatures of a SavedModel as TF Serving describes them. The TF2 init-op signature is
 * not one; a signature with a composite (sparse/ragged) tensor or an unsupported dtype is left out
 * with a warning.
 */
export function signatureSpecs(
  defs: Record<string, SignatureDef>,
  logger: Logger,
): Record<string, SignatureSpec> {
  const out: Record<string, SignatureSpec> = {};
  for (const name of Object.keys(defs).sort()) {
    if (name === INIT_OP_SIGNATURE) continue;
    const def = defs[name]!;
    const inputs = specs(def.inputs);
    const outputs = specs(def.outputs);
    if (!inputs || !outputs) {
      logger.warn("signature left out: it has a composite tensor or an unsupported dtype", {
        signature: name,
      });
      continue;
    }
    out[name] = { methodName: def.methodName, inputs, outputs };
  }
  return out;
}
