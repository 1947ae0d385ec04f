import type { Servable, SignatureSpec, Tensor, TensorSpec } from "@bqdeploy/core";

/** A model for the fake TF Serving: signatures plus a function from input tensors to output tensors. */
export interface ScriptedModel {
  signatures: Record<string, SignatureSpec>;
  /** Computes every output of a signature; the inputs are already decoded and dtype-checked. */
  compute(
    signatureName: string,
    inputs: Record<string, Tensor>,
  ): Record<string, Tensor> | Promise<Record<string, Tensor>>;
}

/** A scripted model as the Servable the HTTP handler runs. */
export function scriptedServable(model: ScriptedModel): Servable {
  return {
    signatures: model.signatures,
    async run(signatureName, inputs, outputKeys) {
      const all = await model.compute(signatureName, inputs);
      const wanted: Record<string, Tensor> = {};
      for (const key of outputKeys) if (all[key]) wanted[key] = all[key];
      return wanted;
    },
  };
}

/** A TensorSpec with a graph name like `x:0`. */
export function spec(name: string, dtype: TensorSpec["dtype"], shape: number[] | null): TensorSpec {
  return { name: `${name}:0`, dtype, shape };
}

/** The batch size of a set of inputs (dimension 0 of the first one). */
export function batchOf(inputs: Record<string, Tensor>): number {
  const first = Object.values(inputs)[0];
  return first?.shape[0] ?? 0;
}
