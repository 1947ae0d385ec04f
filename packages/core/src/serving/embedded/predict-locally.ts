import type { Logger } from "../../logging/index.js";
import { runPredict, toServingError } from "../../protocol/index.js";
import { loadModelVersion } from "./load-model-version.js";

export interface LocalPrediction {
  /** The HTTP status TF Serving would answer with. */
  status: number;
  /** The body TF Serving would answer with, byte for byte (`{"predictions": ...}` or `{"error": ...}`). */
  body: string;
}

/**
 * Runs a predict request body against an export folder in this process, without a server, and returns
 * exactly what TF Serving's `:predict` would answer. Load errors throw (MODEL_CORRUPT, UNSUPPORTED_OP...).
 */
export async function predictLocally(
  modelDir: string,
  body: string,
  options: { noTransform?: boolean; logger?: Logger } = {},
): Promise<LocalPrediction> {
  const servable = await loadModelVersion(modelDir, options);
  try {
    return { status: 200, body: await runPredict(servable, body) };
  } catch (err) {
    const error = toServingError(err);
    return { status: error.httpStatus, body: error.toBody() };
  } finally {
    await servable.close?.();
  }
}
