import { decodePredictRequest } from "./predict-request.js";
import { encodePredictResponse } from "./predict-response.js";
import type { Servable } from "./servable.js";

/**
 * A whole predict on one servable, without HTTP: decodes the body (JSON text or parsed object) against
 * the servable's signatures, runs it, and returns TF Serving's response text. Throws ServingErrors
 * with TF Serving's messages. `bqdeploy predict --model-dir` prints exactly this.
 */
export async function runPredict(servable: Servable, body: string | unknown): Promise<string> {
  const request = decodePredictRequest(body, servable.signatures);
  const signature = servable.signatures[request.signatureName]!;
  const outputs = await servable.run(request.signatureName, request.inputs, Object.keys(signature.outputs));
  return encodePredictResponse(outputs, request.format);
}
