import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";
import { API_RESOURCES, type ApiResource, discoveryDocument, qualifiedName } from "./api-resources.js";
import type { JsonObject } from "./field-sets.js";
import { fakeKubeconfig } from "./kubeconfig.js";
import { KubeStatusError, kubeStatus } from "./kube-status.js";
import { ObjectStore } from "./object-store.js";
import { type ProxyTarget, parseServiceRef, relay, serviceHasPort } from "./service-proxy.js";
import { FAKE_APISERVER_CERT, FAKE_APISERVER_KEY } from "./tls.js";

export interface FakeKubeApiOptions {
  /** Bearer token every request must carry (401 otherwise). Default "fake-token". */
  token?: string;
  /** Namespaces that exist besides "default" and "kube-system". */
  namespaces?: string[];
}

/** A request the fake received, with its body parsed (YAML/JSON) when it had one. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
}

/** A Kubernetes API server (HTTPS) on 127.0.0.1 that the real @kubernetes/client-node can talk to. */
export interface FakeKubeApi {
  url: string;
  token: string;
  /** Every request, in order. */
  requests: RecordedRequest[];
  /** The server-side apply requests (PATCH application/apply-patch+yaml). */
  applies(): RecordedRequest[];
  /** A kubeconfig (YAML text) whose current context points here. */
  kubeconfig(options?: { token?: string; namespace?: string }): string;
  /** The stored object, as a GET would return it. */
  get(apiVersion: string, kind: string, namespace: string, name: string): JsonObject | undefined;
  createNamespace(name: string): void;
  /** Scripts a Deployment's status (as the controller would write it). */
  setDeploymentStatus(namespace: string, name: string, status: JsonObject): void;
  /** Marks every desired replica of a Deployment updated, ready and available. */
  rollOut(namespace: string, name: string): void;
  /** Where the service proxy of `service:port` leads (undefined: no ready endpoints, 503). */
  setServiceProxy(
    namespace: string,
    service: string,
    port: number | string,
    target: ProxyTarget | undefined,
  ): void;
  close(): Promise<void>;
}

const APPLY = "application/apply-patch+yaml";
const MAX_BODY = 5 * 1024 * 1024;

/** Starts the fake API server on 127.0.0.1, port 0. */
export async function startFakeKubeApi(options: FakeKubeApiOptions = {}): Promise<FakeKubeApi> {
  const token = options.token ?? "fake-token";
  const store = new ObjectStore();
  const requests: RecordedRequest[] = [];
  const proxies = new Map<string, ProxyTarget>();
  const resource = (apiVersion: string, kind: string): ApiResource => {
    const found = API_RESOURCES.find((r) => r.groupVersion === apiVersion && r.kind === kind);
    if (!found) throw new Error(`fake kube: unknown ${apiVersion} ${kind}`);
    return found;
  };
  const createNamespace = (name: string): void => {
    const ns = resource("v1", "Namespace");
    store.apply({
      resource: ns,
      namespace: "",
      name,
      manager: "kube-apiserver",
      force: true,
      dryRun: false,
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name } },
    });
  };
  for (const ns of ["default", "kube-system", ...(options.namespaces ?? [])]) createNamespace(ns);

  const server = createServer({ cert: FAKE_APISERVER_CERT, key: FAKE_APISERVER_KEY }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      const body = error instanceof KubeStatusError ? error.body : kubeStatus(500, String(error));
      if (!res.headersSent) send(res, body.code, body);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const contentType = req.headers["content-type"]?.split(";")[0]?.trim();
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    };
    if (contentType) record.contentType = contentType;
    if (raw.length > 0) record.body = parseBody(raw);
    requests.push(record);
    if (req.headers.authorization !== `Bearer ${token}`)
      throw new KubeStatusError(kubeStatus(401, "Unauthorized"));
    const segments = url.pathname.split("/").filter(Boolean).map(decodeSegment);
    if (url.pathname === "/version")
      return send(res, 200, { major: "1", minor: "33", gitVersion: "v1.33.0-fake" });
    if (url.pathname === "/api") return send(res, 200, { kind: "APIVersions", versions: ["v1"] });
    const core = segments[0] === "api";
    const groupVersion = core ? segments[1] : `${segments[1]}/${segments[2]}`;
    const rest = segments.slice(core ? 2 : 3);
    if ((!core && segments[0] !== "apis") || groupVersion === undefined) throw notFound(url.pathname);
    if (rest.length === 0) {
      const doc = discoveryDocument(groupVersion);
      return doc ? send(res, 200, doc) : Promise.reject(notFound(url.pathname));
    }
    let namespace = "";
    let tail = rest;
    if (rest[0] === "namespaces" && rest.length >= 3) {
      namespace = rest[1] ?? "";
      tail = rest.slice(2);
    }
    const target = API_RESOURCES.find((r) => r.groupVersion === groupVersion && r.name === tail[0]);
    if (!target || (target.namespaced && namespace === "" && tail.length > 1)) throw notFound(url.pathname);
    const name = tail[1];
    if (target.kind === "Service" && name !== undefined && tail[2] === "proxy") {
      return proxy(res, namespace, name, `/${tail.slice(3).join("/")}${url.search}`);
    }
    if (tail.length > 2) throw notFound(url.pathname);
    const method = req.method ?? "GET";
    if (name === undefined) {
      if (method !== "GET")
        throw new KubeStatusError(kubeStatus(405, `the server does not allow this method on ${target.name}`));
      const items = store.list(target, target.namespaced && namespace ? namespace : undefined);
      return send(res, 200, {
        kind: `${target.kind}List`,
        apiVersion: target.groupVersion,
        metadata: {},
        items,
      });
    }
    if (method === "GET") {
      const found = store.get(target, namespace, name);
      if (!found) throw objectNotFound(target, name);
      return send(res, 200, found);
    }
    if (method === "DELETE") {
      const gone = store.delete(target, namespace, name);
      if (!gone) throw objectNotFound(target, name);
      return send(res, 200, gone);
    }
    if (method !== "PATCH")
      throw new KubeStatusError(kubeStatus(405, `the fake does not implement ${method}`));
    if (contentType !== APPLY) {
      throw new KubeStatusError(
        kubeStatus(
          415,
          `the body of the request was in an unknown format - accepted media types include: ${APPLY}`,
        ),
      );
    }
    const manager = url.searchParams.get("fieldManager");
    if (!manager) {
      throw new KubeStatusError(
        kubeStatus(
          400,
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        ),
      );
    }
    const dryRun = url.searchParams.get("dryRun") === "All";
    const { object, created } = store.apply({
      resource: target,
      namespace,
      name,
      body: record.body,
      manager,
      force: url.searchParams.get("force") === "true",
      dryRun,
    });
    return send(res, created && !dryRun ? 201 : 200, object);
  }

  async function proxy(res: ServerResponse, namespace: string, ref: string, path: string): Promise<void> {
    const { name, port } = parseServiceRef(ref);
    const service = store.get(resource("v1", "Service"), namespace, name);
    if (!service) throw objectNotFound(resource("v1", "Service"), name);
    const target = proxies.get(`${namespace}/${name}:${port ?? ""}`);
    if (!target || !serviceHasPort(service, port)) {
      throw new KubeStatusError(
        kubeStatus(503, `no endpoints available for service "${ref}"`, { name: ref, kind: "services" }),
      );
    }
    const answer = await relay(target, path, ref);
    res.writeHead(answer.status, { "content-type": answer.contentType });
    res.end(answer.body);
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token,
    requests,
    applies: () => requests.filter((r) => r.method === "PATCH" && r.contentType === APPLY),
    kubeconfig: (o = {}) => fakeKubeconfig(url, o.token ?? token, o.namespace),
    get: (apiVersion, kind, namespace, name) => store.get(resource(apiVersion, kind), namespace, name),
    createNamespace,
    setDeploymentStatus: (namespace, name, status) => {
      store.setStatus(resource("apps/v1", "Deployment"), namespace, name, status);
    },
    rollOut(namespace, name) {
      const deployment = store.get(resource("apps/v1", "Deployment"), namespace, name);
      if (!deployment) throw new Error(`fake kube: no Deployment ${namespace}/${name}`);
      const replicas = Number((deployment.spec as JsonObject | undefined)?.replicas ?? 1);
      const generation = Number((deployment.metadata as JsonObject).generation);
      store.setStatus(resource("apps/v1", "Deployment"), namespace, name, {
        observedGeneration: generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
      });
    },
    setServiceProxy(namespace, service, port, target) {
      const k = `${namespace}/${service}:${port}`;
      if (target === undefined) proxies.delete(k);
      else proxies.set(k, target);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new KubeStatusError(kubeStatus(400, `invalid percent-encoding in the path segment ${segment}`));
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function notFound(path: string): KubeStatusError {
  return new KubeStatusError(kubeStatus(404, `the server could not find the requested resource (${path})`));
}

function objectNotFound(resource: ApiResource, name: string): KubeStatusError {
  const group = resource.groupVersion.includes("/") ? resource.groupVersion.split("/")[0] : "";
  return new KubeStatusError(
    kubeStatus(404, `${qualifiedName(resource)} "${name}" not found`, { name, group, kind: resource.name }),
  );
}

function parseBody(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  try {
    return parseYaml(text) as unknown;
  } catch {
    throw new KubeStatusError(kubeStatus(400, "the request body is neither JSON nor YAML"));
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new KubeStatusError(kubeStatus(400, "request body too large"));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
