import type { SignatureSpec, TensorSpec, VersionStatus } from "./servable.js";

/**
 * GET /v1/models/{name} as TF Serving writes it (protobuf JSON, one-space indent): versions
 * newest first, `version` as a string, the load error (if any) in `status`.
 */
export function renderModelStatus(versions: readonly VersionStatus[]): string {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const body = {
    model_version_status: sorted.map((v) => ({
      version: String(v.version),
      state: v.state,
      status: { error_code: v.errorCode, error_message: v.errorMessage },
    })),
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}

/**
 * GET /v1/models/{name}/metadata as TF Serving writes it (http_rest_api_util.cc ToJsonString): the
 * model spec, then the SignatureDefMap under a doubled `signature_def` key, dim sizes as strings.
 */
export function renderModelMetadata(
  model: string,
  version: number,
  signatures: Readonly<Record<string, SignatureSpec>>,
): string {
  const spec = { name: model, signature_name: "", version: String(version) };
  const defs: Record<string, unknown> = {};
  for (const name of Object.keys(signatures).sort()) {
    const sig = signatures[name]!;
    defs[name] = {
      inputs: tensorInfos(sig.inputs),
      outputs: tensorInfos(sig.outputs),
      method_name: sig.methodName,
      defaults: {},
    };
  }
  const specText = `${JSON.stringify(spec, null, 1)}\n`;
  const defsText = `${JSON.stringify({ signature_def: defs }, null, 1)}\n`;
  return `{\n"model_spec":${specText},\n"metadata": {"signature_def": ${defsText}}\n}\n`;
}

function tensorInfos(specs: Readonly<Record<string, TensorSpec>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(specs).sort()) {
    const t = specs[name]!;
    out[name] = {
      dtype: t.dtype,
      tensor_shape:
        t.shape === null
          ? { dim: [], unknown_rank: true }
          : { dim: t.shape.map((d) => ({ size: String(d), name: "" })), unknown_rank: false },
      name: t.name,
    };
  }
  return out;
}
