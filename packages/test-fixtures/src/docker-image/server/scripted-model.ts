import type { Servable, SignatureSpec, Tensor } from "@bqdeploy/core";

/**
 * The file that makes a version folder a scripted model: a linear formula over numeric inputs,
 * `output = bias + sum(weights[input] * input)`, with output shape [-1, 1] like a BigQuery ML
 * regressor. Only test repositories hold it; real exports are never answered with it.
 */
export const SCRIPTED_MODEL_FILE = "bqdeploy-scripted-model.json";

export interface ScriptedModelFile {
  inputs: Record<string, "DT_DOUBLE" | "DT_FLOAT" | "DT_INT64">;
  output: string;
  weights: Record<string, number>;
  bias: number;
  /** Milliseconds the version stays LOADING before it is AVAILABLE (default 0). */
  loadMs?: number;
}

/** Checks a parsed scripted model file; throws a message naming what is wrong. */
export function checkScriptedModel(value: unknown): ScriptedModelFile {
  const file = value as Partial<ScriptedModelFile> | null;
  if (!file || typeof file !== "object" || !file.inputs || typeof file.output !== "string") {
    throw new Error(`${SCRIPTED_MODEL_FILE} needs "inputs", "output", "weights" and "bias"`);
  }
  if (typeof file.bias !== "number" || !file.weights)
    throw new Error(`${SCRIPTED_MODEL_FILE} needs numeric "bias" and "weights"`);
  return file as ScriptedModelFile;
}

/** The servable of a scripted model: one `serving_default` signature. */
export function scriptedServable(file: ScriptedModelFile): Servable {
  const signature: SignatureSpec = {
    methodName: "tensorflow/serving/predict",
    inputs: Object.fromEntries(
      Object.entries(file.inputs).map(([name, dtype]) => [name, { name: `${name}:0`, dtype, shape: [-1] }]),
    ),
    outputs: { [file.output]: { name: "linear/output:0", dtype: "DT_DOUBLE", shape: [-1, 1] } },
  };
  return {
    signatures: { serving_default: signature },
    async run(_signature, inputs): Promise<Record<string, Tensor>> {
      const rows = Object.values(inputs)[0]?.shape[0] ?? 0;
      const out = new Float64Array(rows).fill(file.bias);
      for (const [name, tensor] of Object.entries(inputs)) {
        const weight = file.weights[name] ?? 0;
        for (let i = 0; i < rows; i++) out[i] = (out[i] ?? 0) + weight * Number(tensor.data[i]);
      }
      return { [file.output]: { dtype: "DT_DOUBLE", shape: [rows, 1], data: out } };
    },
  };
}
