import type { AddressInfo } from "node:net";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { BqdeployError, isLoopback, isServingPath } from "@bqdeploy/core";
import { serve } from "@hono/node-server";
import type { ApiApp } from "./app.js";

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ApiServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Whether the app requires a token: needed to listen on a non-loopback address. */
  hasToken: boolean;
}

export interface RunningApiServer {
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the app's pools. */
  close(graceMs?: number): Promise<void>;
}

/** Listens with @hono/node-server. Refuses a non-loopback host when the app has no token. */
export async function startApiServer(app: ApiApp, options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host) && !options.hasToken) {
    throw new BqdeployError(
      "INVALID_ARGUMENT",
      `Refusing to serve the API on ${host} without a token: anyone who can reach it could manage models and deployments. Pass --token T or set BQDEPLOY_TOKEN.`,
    );
  }
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: host,
        port: options.port ?? 8080,
        // Predictions skip the web Request/Response conversion: /v1 goes to the node:http proxy.
        createServer: ((serverOptions: object, honoListener: Listener) =>
          createServer(serverOptions, (req, res) =>
            isServingPath(req.url ?? "/") ? app.handleServing(req, res) : honoListener(req, res),
          )) as never,
      },
      () => resolve(s),
    );
    s.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new BqdeployError(
              "PORT_IN_USE",
              `Port ${options.port} on ${host} is in use: pass --port N (0 picks a free one).`,
              { cause: err },
            )
          : err,
      ),
    );
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    async close(graceMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ("closeIdleConnections" in server) server.closeIdleConnections();
      const timer = setTimeout(() => {
        if ("closeAllConnections" in server) server.closeAllConnections();
      }, graceMs);
      await closed;
      clearTimeout(timer);
      await app.close();
    },
  };
}
