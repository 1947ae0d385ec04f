import { request } from "node:http";
import { isObject, type JsonObject } from "./field-sets.js";
import { KubeStatusError, kubeStatus } from "./kube-status.js";

/** An answer relayed from a pod (or scripted) through the fake's service proxy. */
export interface ProxiedAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Where a service's port leads: a base URL on 127.0.0.1 (a fake TF Serving) or a function. */
export type ProxyTarget = string | ((path: string) => ProxiedAnswer | Promise<ProxiedAnswer>);

/** Splits "[scheme:]name[:port]" as the API server's service proxy accepts it. */
export function parseServiceRef(ref: string): { name: string; port?: string } {
  const parts = ref.split(":");
  if (parts.length === 3) return { name: parts[1] ?? "", port: parts[2] || undefined };
  return { name: parts[0] ?? "", port: parts[1] || undefined };
}

/** True when `port` (a number or a port name, or nothing) names one of the Service's ports. */
export function serviceHasPort(service: JsonObject, port: string | undefined): boolean {
  const spec = isObject(service.spec) ? service.spec : {};
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObject) : [];
  if (port === undefined) return ports.length > 0;
  return ports.some((p) => String(p.port) === port || p.name === port);
}

/** Relays a GET to the target, as the real proxy relays it to a ready endpoint. */
export async function relay(target: ProxyTarget, path: string, serviceName: string): Promise<ProxiedAnswer> {
  if (typeof target === "function") return target(path);
  const url = new URL(path, target);
  if (url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
    throw new Error(`fake kube: a proxy target must be on 127.0.0.1, not ${url.hostname}`);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 502,
          contentType: res.headers["content-type"] ?? "application/octet-stream",
          body: Buffer.concat(chunks),
        }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (error) =>
      reject(
        new KubeStatusError(
          kubeStatus(503, `error trying to reach service: ${error.message}`, {
            name: serviceName,
            kind: "services",
          }),
        ),
      ),
    );
    req.end();
  });
}
