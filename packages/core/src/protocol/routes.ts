import { invalidArgument, type ServingError } from "./serving-error.js";

export type ServingVerb = "status" | "metadata" | "predict" | "classify" | "regress";

/** A request TF Serving's REST API understands. */
export interface ServingRoute {
  verb: ServingVerb;
  /** URL-decoded model name. */
  model: string;
  version?: number;
  /** URL-decoded version label. */
  label?: string;
}

// tensorflow_serving/model_servers/http_rest_api_util.cc, case-insensitive like RE2's (?i).
const POST_ROUTE =
  /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+)|\/labels\/([^/:]+))?:(classify|regress|predict)$/i;
const GET_ROUTE = /^\/v1\/models(?:\/([^/:]+))?(?:\/versions\/(\d+)|\/labels\/([^/:]+))?(?:\/(metadata))?$/i;

/** Whether TF Serving's REST handler takes this path at all (`(?i)/v1/.*`). */
export function isServingPath(path: string): boolean {
  return path.length >= 4 && path[0] === "/" && path.slice(1, 4).toLowerCase() === "v1/";
}

/**
 * Reads a method and path (query string ignored) the way TF Serving routes them. Returns the route,
 * or the ServingError TF Serving answers: `Malformed request: POST /v1/...`, `Missing model name in
 * request.`, `Both model version (1) and model version label (stable) cannot be supplied.`
 */
export function parseRoute(method: string, rawPath: string): ServingRoute | ServingError {
  const q = rawPath.indexOf("?");
  const path = q >= 0 ? rawPath.slice(0, q) : rawPath;
  const match = method === "POST" ? POST_ROUTE.exec(path) : method === "GET" ? GET_ROUTE.exec(path) : null;
  if (!match) return invalidArgument(`Malformed request: ${method} ${path}`);
  const [, rawName, rawVersion, rawLabel, tail] = match;
  let version: number | undefined;
  if (rawVersion !== undefined) {
    version = Number(rawVersion);
    if (!Number.isSafeInteger(version))
      return invalidArgument(`Failed to convert version: ${rawVersion} to numeric.`);
  }
  const label = rawLabel === undefined ? undefined : decodeArg(rawLabel);
  if (version !== undefined && label !== undefined) {
    return invalidArgument(
      `Both model version (${version}) and model version label (${label}) cannot be supplied.`,
    );
  }
  const verb: ServingVerb =
    method === "POST" ? (tail!.toLowerCase() as ServingVerb) : tail === undefined ? "status" : "metadata";
  const model = rawName === undefined ? "" : decodeArg(rawName);
  if (model === "" && method === "GET") return invalidArgument("Missing model name in request.");
  const route: ServingRoute = { verb, model };
  if (version !== undefined) route.version = version;
  if (label !== undefined) route.label = label;
  return route;
}

// curl_easy_unescape: %XX decoding that leaves malformed escapes as they are.
function decodeArg(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}
