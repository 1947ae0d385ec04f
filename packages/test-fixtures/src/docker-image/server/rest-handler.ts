import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServableSource, Tensor } from "@bqdeploy/core";
import { nested, RestError, tensorsFromColumns, tensorsFromInstances } from "./tensors-json.js";

// Until the shared TF Serving handler (core/src/serving/http) lands, the image answers this subset of
// the REST API: model status, metadata and predict. Paths and error texts follow tensorflow/serving.
const ROUTE = /^\/v1\/models\/([^/:]+)(?:\/versions\/(\d+)|\/labels\/([^/:]+))?(\/metadata|:predict)?$/i;
const MAX_BODY = 16 * 1024 * 1024;

/** The request handler of a TF-Serving-compatible REST server over `source`. */
export function restHandler(source: ServableSource): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body, null, 4));
    };
    readBody(req)
      .then((body) => answer(source, req.method ?? "GET", req.url ?? "/", body))
      .then((result) => send(200, result))
      .catch((error: unknown) =>
        error instanceof RestError
          ? send(error.status, { error: error.message })
          : send(500, { error: String(error) }),
      );
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new RestError(400, "Request body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function answer(source: ServableSource, method: string, url: string, body: string): Promise<unknown> {
  const path = decodeURIComponent(url.split("?")[0] ?? "/");
  const match = ROUTE.exec(path);
  const malformed = new RestError(400, `Malformed request: ${method} ${path}`);
  if (!match)
    throw path.toLowerCase().startsWith("/v1/") ? malformed : new RestError(404, `Not found: ${path}`);
  const [, model = "", versionText, label, action] = match;
  const versions = source.versions(model);
  if (!versions) throw new RestError(404, `Servable not found for request: Latest(${model})`);
  if (method === "GET" && !action) {
    const shown = versionText ? versions.filter((v) => v.version === Number(versionText)) : versions;
    if (shown.length === 0)
      throw new RestError(
        404,
        versionText
          ? `Could not find version ${versionText} of model ${model}`
          : `Could not find any versions of model ${model}`,
      );
    return {
      model_version_status: shown.map((v) => ({
        version: String(v.version),
        state: v.state,
        status: { error_code: v.errorCode, error_message: v.errorMessage },
      })),
    };
  }
  const version = versionText
    ? Number(versionText)
    : label
      ? source.labels(model)[label]
      : versions.find((v) => v.state === "AVAILABLE")?.version;
  if (label && version === undefined)
    throw new RestError(400, `Unrecognized servable version label: ${label}`);
  const servable = version === undefined ? undefined : source.servable(model, version);
  if (!servable || version === undefined)
    throw new RestError(
      404,
      versionText
        ? `Servable not found for request: Specific(${model}, ${versionText})`
        : `Servable not found for request: Latest(${model})`,
    );
  if (method === "GET" && action?.toLowerCase() === "/metadata")
    return metadata(model, version, servable.signatures);
  if (method !== "POST" || action?.toLowerCase() !== ":predict") throw malformed;
  return predict(servable, body);
}

async function predict(
  servable: NonNullable<ReturnType<ServableSource["servable"]>>,
  body: string,
): Promise<unknown> {
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body) as Record<string, unknown>;
  } catch (error) {
    throw new RestError(400, `JSON Parse error: ${(error as Error).message}`);
  }
  if (typeof request !== "object" || request === null)
    throw new RestError(400, "JSON Parse error: request must be an object");
  const name = typeof request.signature_name === "string" ? request.signature_name : "serving_default";
  const signature = servable.signatures[name];
  if (!signature) throw new RestError(400, `Serving signature name: "${name}" not found in signature def`);
  const rows = "instances" in request;
  if (rows && "inputs" in request)
    throw new RestError(400, "expecting only one of 'inputs' or 'instances' to be set");
  if (!rows && !("inputs" in request)) throw new RestError(400, "Missing 'inputs' or 'instances' key");
  const inputs = rows
    ? tensorsFromInstances(request.instances, signature.inputs)
    : tensorsFromColumns(request.inputs, signature.inputs);
  const keys = Object.keys(signature.outputs);
  const outputs: Record<string, Tensor> = await servable.run(name, inputs, keys);
  if (!rows)
    return {
      outputs:
        keys.length === 1
          ? nested(outputs[keys[0] ?? ""] as Tensor)
          : Object.fromEntries(keys.map((k) => [k, nested(outputs[k] as Tensor)])),
    };
  const batch = outputs[keys[0] ?? ""]?.shape[0] ?? 0;
  return {
    predictions: Array.from({ length: batch }, (_, i) =>
      keys.length === 1
        ? nested(outputs[keys[0] ?? ""] as Tensor, i)
        : Object.fromEntries(keys.map((k) => [k, nested(outputs[k] as Tensor, i)])),
    ),
  };
}

function metadata(
  model: string,
  version: number,
  signatures: Record<string, import("@bqdeploy/core").SignatureSpec>,
): unknown {
  const spec = (tensors: Record<string, import("@bqdeploy/core").TensorSpec>) =>
    Object.fromEntries(
      Object.entries(tensors).map(([key, t]) => [
        key,
        {
          dtype: t.dtype,
          tensor_shape: {
            dim: (t.shape ?? []).map((size) => ({ size: String(size), name: "" })),
            unknown_rank: t.shape === null,
          },
          name: t.name,
        },
      ]),
    );
  const defs = Object.fromEntries(
    Object.entries(signatures).map(([name, s]) => [
      name,
      { inputs: spec(s.inputs), outputs: spec(s.outputs), method_name: s.methodName, defaults: {} },
    ]),
  );
  return {
    model_spec: { name: model, signature_name: "", version: String(version) },
    metadata: { signature_def: { signature_def: defs } },
  };
}
