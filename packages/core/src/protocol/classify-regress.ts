import type { DecodedExamplesRequest, Example } from "./examples.js";
import type { Servable, SignatureSpec } from "./servable.js";
import { invalidArgument } from "./serving-error.js";
import { allocate, type Tensor } from "./tensor.js";

export const CLASSIFY_METHOD = "tensorflow/serving/classify";
export const REGRESS_METHOD = "tensorflow/serving/regress";

/**
 * Runs a classify request on a servable. TF Serving feeds serialized tf.Examples to a classify
 * signature; bqdeploy's servables take tensors instead, so each signature input is filled from the
 * example feature of the same name (context features shared by all examples). Outputs `classes`
 * (DT_STRING [n, k], optional) and `scores` ([n, k]) become `[[label, score], ...]` per example.
 */
export async function runClassify(
  servable: Servable,
  request: DecodedExamplesRequest,
): Promise<[string, number][][]> {
  const signature = findSignature(servable, request.signatureName, CLASSIFY_METHOD, "classification");
  const outputs = await servable.run(request.signatureName, examplesToInputs(request, signature), [
    "classes",
    "scores",
  ]);
  const scores = outputs.scores;
  const classes = outputs.classes;
  if (!scores && !classes)
    throw invalidArgument("Classification signature outputs neither classes nor scores");
  const shape = (scores ?? classes)!.shape;
  const n = shape[0] ?? 0;
  const k = shape.length > 1 ? shape[1]! : 1;
  const results: [string, number][][] = [];
  for (let i = 0; i < n; i++) {
    const row: [string, number][] = [];
    for (let j = 0; j < k; j++) {
      const label = classes ? String(classes.data[i * k + j]) : "";
      row.push([label, scores ? Number(scores.data[i * k + j]) : 0]);
    }
    results.push(row);
  }
  return results;
}

/** Runs a regress request: the signature's `outputs` ([n] or [n, 1]) gives one value per example. */
export async function runRegress(servable: Servable, request: DecodedExamplesRequest): Promise<number[]> {
  const signature = findSignature(servable, request.signatureName, REGRESS_METHOD, "regression");
  const outputs = await servable.run(request.signatureName, examplesToInputs(request, signature), [
    "outputs",
  ]);
  const values = outputs.outputs;
  if (!values) throw invalidArgument("Regression signature has no output named outputs");
  return Array.from(values.data as ArrayLike<number>, Number);
}

function findSignature(servable: Servable, name: string, method: string, kind: string): SignatureSpec {
  const signature = Object.hasOwn(servable.signatures, name) ? servable.signatures[name] : undefined;
  if (!signature) throw invalidArgument(`No signature was found with name: ${name}`);
  if (signature.methodName !== method) {
    throw invalidArgument(
      `Expected ${kind} signature method_name to be ${method}. Was: ${signature.methodName}`,
    );
  }
  return signature;
}

function examplesToInputs(request: DecodedExamplesRequest, signature: SignatureSpec): Record<string, Tensor> {
  const inputs: Record<string, Tensor> = {};
  const n = request.examples.length;
  for (const [name, spec] of Object.entries(signature.inputs)) {
    const features = request.examples.map((e: Example, i) => {
      const feature = Object.hasOwn(e, name) ? e[name] : request.context?.[name];
      if (!feature) throw invalidArgument(`Example ${i} has no feature named ${name}`);
      return feature;
    });
    const width = features[0]!.values.length;
    const data = allocate(spec.dtype, n * width);
    features.forEach((f, i) => {
      if (f.values.length !== width) {
        throw invalidArgument(
          `Feature ${name} has ${f.values.length} values in example ${i}, expected ${width}`,
        );
      }
      const wantsText = spec.dtype === "DT_STRING";
      if ((f.kind === "bytes") !== wantsText && f.values.length > 0) {
        throw invalidArgument(
          `Unexpected element type in feature: ${name} expecting type: ${wantsText ? "bytes" : "float"}`,
        );
      }
      f.values.forEach((v, j) => {
        (data as unknown[])[i * width + j] = v;
      });
    });
    inputs[name] = { dtype: spec.dtype, shape: width === 1 ? [n] : [n, width], data };
  }
  return inputs;
}
