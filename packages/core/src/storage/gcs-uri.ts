import { BqdeployError } from "../errors/index.js";

/** A `gs://bucket/prefix` location. `prefix` is "" or ends with "/". */
export interface GcsLocation {
  bucket: string;
  prefix: string;
}

/**
 * Parses `gs://bucket/some/prefix` (a trailing slash is optional: an export is a folder, so the prefix
 * always ends with "/" and `gs://b/tip_model` never matches `tip_model_v2/...`).
 */
export function parseGcsUri(uri: string): GcsLocation {
  const match = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `"${uri}" is not a Cloud Storage folder: write it as gs://<bucket>/<path>, e.g. gs://my-bucket/tip_model`,
    );
  }
  const path = (match[2] ?? "").replace(/\/+$/, "");
  return { bucket: match[1]!, prefix: path === "" ? "" : `${path}/` };
}
