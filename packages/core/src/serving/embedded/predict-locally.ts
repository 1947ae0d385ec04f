import type { Logger } from "../../logging/index.js";
import type { Servable, ServableSource, VersionStatus } from "../../protocol/index.js";
import { createTfServingDispatcher } from "../http/index.js";
import { loadModelVersion } from "./load-model-version.js";

export interface LocalPrediction {
  /** The HTTP status TF Serving would answer with. */
  status: number;
  /** The body TF Serving would answer with, byte for byte (`{"predictions": ...}` or `{"error": ...}`). */
  body: string;
}

/** A source serving one loaded servable as `model` version 1. */
function singleServableSource(model: string, servable: Servable): ServableSource {
  const status: VersionStatus = { version: 1, state: "AVAILABLE", errorCode: "OK", errorMessage: "" };
  return {
    models: () => [model],
    versions: (name) => (name === model ? [status] : undefined),
    labels: () => ({}),
    servable: (name, version) => (name === model && version === 1 ? servable : undefined),
  };
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
    const dispatch = createTfServingDispatcher(singleServableSource("model", servable), { metrics: false });
    const answer = await dispatch({ method: "POST", path: "/v1/models/model:predict", body });
    return { status: answer.status, body: answer.body };
  } finally {
    await servable.close?.();
  }
}
