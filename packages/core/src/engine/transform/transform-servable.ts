import { BqdeployError } from "../../errors/index.js";
import { decodePredictRequest } from "../../protocol/predict-request.js";
import type { Servable, SignatureSpec } from "../../protocol/servable.js";
import { invalidArgument } from "../../protocol/serving-error.js";
import type { Tensor } from "../../protocol/tensor.js";
import { castTensor } from "../tensor/cast.js";
import { checkTransformColumns, checkTransformInstances } from "./transform-checks.js";

/** The signature of transform/ that BigQuery ML exports (its only serving signature). */
const TRANSFORM_SIGNATURE = "serving_default";

/**
 * The model signature Google's predictor calls: `predict` when the model has it (DNN Estimator
 * exports), else `serving_default`, else the only one.
 */
function modelSignatureName(model: Servable): string {
  const names = Object.keys(model.signatures);
  if (names.includes("predict")) return "predict";
  if (names.includes("serving_default")) return "serving_default";
  const [only] = names;
  if (only === undefined)
    throw new BqdeployError("MODEL_FORMAT_INVALID", "The model has no signature to serve.");
  return only;
}

/**
 * Serves a TRANSFORM model as BigQuery's ML.PREDICT runs it: raw rows go through transform/, its
 * outputs feed the model's inputs of the same name (INT64 outputs cast to the model's dtype, as
 * Google's predictor casts them to double), and the model's outputs are returned. Every model
 * signature is served with the TRANSFORM's inputs; `serving_default` always exists, so plain
 * `{"instances": ...}` requests work.
 */
export function createTransformServable(transform: Servable, model: Servable, dir: string): Servable {
  const transformSpec = transform.signatures[TRANSFORM_SIGNATURE];
  if (!transformSpec) {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `${dir}/transform has no "${TRANSFORM_SIGNATURE}" signature; re-export the model, or serve it with noTransform.`,
    );
  }
  const defaultModelSignature = modelSignatureName(model);
  const served: Record<string, string> = { serving_default: defaultModelSignature };
  for (const name of Object.keys(model.signatures)) if (name !== "serving_default") served[name] = name;
  const signatures: Record<string, SignatureSpec> = {};
  for (const [name, modelName] of Object.entries(served)) {
    const spec = model.signatures[modelName]!;
    checkWiring(transformSpec, spec, modelName, dir);
    signatures[name] = { methodName: spec.methodName, inputs: transformSpec.inputs, outputs: spec.outputs };
  }

  async function run(signatureName: string, inputs: Record<string, Tensor>, outputKeys: readonly string[]) {
    const modelName = Object.hasOwn(served, signatureName) ? served[signatureName] : undefined;
    if (modelName === undefined)
      throw invalidArgument(`Serving signature name: "${signatureName}" not found in signature def`);
    const features = await transform.run(TRANSFORM_SIGNATURE, inputs, Object.keys(transformSpec!.outputs));
    const modelSpec = model.signatures[modelName]!;
    const modelInputs: Record<string, Tensor> = {};
    for (const [key, info] of Object.entries(modelSpec.inputs)) {
      const value = features[key]!;
      modelInputs[key] = value.dtype === info.dtype ? value : castTensor(value, info.dtype);
    }
    return model.run(modelName, modelInputs, outputKeys);
  }

  return {
    signatures,
    run,
    async runJson(signatureName, format, payload, outputKeys) {
      if (format === "row") checkTransformInstances(payload as unknown[], transformSpec);
      else checkTransformColumns(payload, transformSpec);
      const body = format === "row" ? { instances: payload } : { inputs: payload };
      const request = decodePredictRequest(body, { [TRANSFORM_SIGNATURE]: transformSpec });
      return run(signatureName, request.inputs, outputKeys);
    },
    async close() {
      await transform.close?.();
      await model.close?.();
    },
  };
}

/** Every model input must be a TRANSFORM output of the same name (a load-time check). */
function checkWiring(transform: SignatureSpec, model: SignatureSpec, modelName: string, dir: string): void {
  const missing = Object.keys(model.inputs).filter((key) => !Object.hasOwn(transform.outputs, key));
  if (missing.length > 0) {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `In ${dir}, the model signature "${modelName}" needs ${missing.join(", ")}, which transform/ does not produce (it produces ${Object.keys(transform.outputs).join(", ")}); serve the model with noTransform, or re-export it.`,
    );
  }
}
