/** A failure in the shape of the Kubernetes API's `Status` object. */
export interface KubeStatusBody {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure";
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

const REASONS: Record<number, string> = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  409: "Conflict",
  415: "UnsupportedMediaType",
  422: "Invalid",
  503: "ServiceUnavailable",
};

/** Builds a Status body; `details` as the real server sends for not-found and conflicts. */
export function kubeStatus(
  code: number,
  message: string,
  details?: KubeStatusBody["details"],
): KubeStatusBody {
  const body: KubeStatusBody = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: REASONS[code] ?? "InternalError",
    code,
  };
  if (details) body.details = details;
  return body;
}

/** An error carrying a Status: thrown inside the fake and answered as JSON. */
export class KubeStatusError extends Error {
  constructor(readonly body: KubeStatusBody) {
    super(body.message);
  }
}
