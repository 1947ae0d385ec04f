import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServableSource } from "../../protocol/servable.js";
import type { TfServingHandlerOptions } from "./dispatch.js";
import { createTfServingHandler, type TfServingHandler } from "./node-handler.js";

export interface StartTfServingServerOptions extends TfServingHandlerOptions {
  source: ServableSource;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
}

export interface RunningTfServingServer {
  /** e.g. http://127.0.0.1:8501 */
  url: string;
  port: number;
  server: Server;
  handler: TfServingHandler;
  /** Stops accepting, closes idle keep-alive connections, resolves when closed. */
  close(): Promise<void>;
}

/** Starts a node:http server with the TF Serving handler (keep-alive on). */
export async function startTfServingServer(
  options: StartTfServingServerOptions,
): Promise<RunningTfServingServer> {
  const { source, host = "127.0.0.1", port = 0, ...handlerOptions } = options;
  const handler = createTfServingHandler(source, handlerOptions);
  const server = createServer({ keepAlive: true }, handler);
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${bound}`,
    port: bound,
    server,
    handler,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
