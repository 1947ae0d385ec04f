import * as z from "zod";
import { MODEL_STATES, type ModelState } from "../../protocol/index.js";

/** One version as TF Serving's GET /v1/models/{name} reports it. */
export interface ServedVersion {
  version: string;
  state: ModelState;
  errorCode?: string;
  errorMessage?: string;
}

/** The model as seen through the Service: its overall state and every tracked version. */
export interface ModelStateReport {
  /** False when no pod answered (no ready endpoint, proxy refused, ...). */
  reachable: boolean;
  /** AVAILABLE when some version is; otherwise the newest version's state; UNKNOWN when none. */
  state: ModelState;
  versions: ServedVersion[];
  /** Why the state is not known or not AVAILABLE, in words. */
  error?: string;
}

const statusBody = z.object({
  model_version_status: z
    .array(
      z.object({
        version: z.union([z.string(), z.number()]).transform(String),
        state: z.string(),
        status: z
          .object({ error_code: z.string().optional(), error_message: z.string().optional() })
          .optional(),
      }),
    )
    .default([]),
});

/** Parses TF Serving's model status answer (HTTP status and body) into a report. */
export function parseModelStatus(httpStatus: number, body: string): ModelStateReport {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (httpStatus !== 200) {
    const error = (json as { error?: unknown; message?: unknown } | undefined) ?? {};
    const text =
      typeof error.error === "string"
        ? error.error
        : typeof error.message === "string"
          ? error.message
          : body.slice(0, 200);
    return {
      reachable: httpStatus !== 503,
      state: "UNKNOWN",
      versions: [],
      error: `HTTP ${httpStatus}: ${text}`,
    };
  }
  const parsed = statusBody.safeParse(json);
  if (!parsed.success) {
    return {
      reachable: true,
      state: "UNKNOWN",
      versions: [],
      error: "The model status answer is not TF Serving's JSON.",
    };
  }
  const versions = parsed.data.model_version_status.map((v) => {
    const state = (MODEL_STATES as readonly string[]).includes(v.state) ? (v.state as ModelState) : "UNKNOWN";
    const out: ServedVersion = { version: v.version, state };
    if (v.status?.error_code) out.errorCode = v.status.error_code;
    if (v.status?.error_message) out.errorMessage = v.status.error_message;
    return out;
  });
  const newest = [...versions].sort((a, b) => Number(b.version) - Number(a.version))[0];
  const state = versions.some((v) => v.state === "AVAILABLE") ? "AVAILABLE" : (newest?.state ?? "UNKNOWN");
  const report: ModelStateReport = { reachable: true, state, versions };
  const failed = versions.find((v) => v.errorCode && v.errorCode !== "OK");
  if (failed)
    report.error = `version ${failed.version}: ${failed.errorCode} ${failed.errorMessage ?? ""}`.trim();
  return report;
}
