import { decodePredictRequest, splitPredictRequest } from "./predict-request.js";
import { encodePredictResponse } from "./predict-response.js";
import type { Servable } from "./servable.js";

/**
 * A whole predict on one servable, without HTTP: decodes the body (JSON text or parsed object) against
 * the servable's signatures, runs it, and returns TF Serving's response text. Throws ServingErrors
 * with TF Serving's messages. Servables with `runJson` (boosters) decode the payload themselves.
 */
export async function runPredict(servable: Servable, body: string | unknown): Promise<string> {
  if (servable.runJson) {
    const { signatureName, format, payload } = splitPredictRequest(body, servable.signatures);
    const keys = Object.keys(servable.signatures[signatureName]!.outputs);
    return encodePredictResponse(await servable.runJson(signatureName, format, payload, keys), format);
  }
  const now = predictNow(servable, body);
  if (now !== undefined) return now;
  const request = decodePredictRequest(body, servable.signatures);
  const signature = servable.signatures[request.signatureName]!;
  const outputs = await servable.run(request.signatureName, request.inputs, Object.keys(signature.outputs));
  return encodePredictResponse(outputs, request.format);
}

/**
 * `runPredict` computed synchronously, for a servable with `runNow` (and no `runJson`); undefined
 * when the servable only runs asynchronously. Throws the same ServingErrors.
 */
export function predictNow(servable: Servable, body: string | unknown): string | undefined {
  if (servable.runNow === undefined || servable.runJson !== undefined) return undefined;
  const request = decodePredictRequest(body, servable.signatures);
  const signature = servable.signatures[request.signatureName]!;
  const outputs = servable.runNow(request.signatureName, request.inputs, Object.keys(signature.outputs));
  return encodePredictResponse(outputs, request.format);
}
