import type { ModelMetadataResponse } from "../protocol/schemas.js";
import type { SignatureSpec, TensorSpec } from "../protocol/servable.js";
import { DTYPES, type DType } from "../protocol/tensor.js";

type TensorInfo = NonNullable<
  ModelMetadataResponse["metadata"]["signature_def"]["signature_def"][string]["inputs"]
>[string];

/**
 * Signatures from a metadata answer, in bqdeploy's SignatureSpec form. Signatures using a dtype
 * bqdeploy does not model (e.g. DT_HALF) are left out.
 */
export function signaturesFromMetadata(metadata: ModelMetadataResponse): Record<string, SignatureSpec> {
  const out: Record<string, SignatureSpec> = {};
  for (const [name, def] of Object.entries(metadata.metadata.signature_def.signature_def)) {
    const inputs = tensorSpecs(def.inputs ?? {});
    const outputs = tensorSpecs(def.outputs ?? {});
    if (inputs && outputs) out[name] = { methodName: def.method_name, inputs, outputs };
  }
  return out;
}

function tensorSpecs(infos: Record<string, TensorInfo>): Record<string, TensorSpec> | undefined {
  const specs: Record<string, TensorSpec> = {};
  for (const [name, info] of Object.entries(infos)) {
    if (!(DTYPES as readonly string[]).includes(info.dtype)) return undefined;
    const shape = info.tensor_shape?.unknown_rank
      ? null
      : (info.tensor_shape?.dim ?? []).map((d) => Number(d.size));
    specs[name] = { name: info.name ?? "", dtype: info.dtype as DType, shape };
  }
  return specs;
}
