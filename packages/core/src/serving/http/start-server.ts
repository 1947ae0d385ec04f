import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServableSource } from "../../protocol/servable.js";
import type { TfServingHandlerOptions } from "./dispatch.js";
import { InProcessReplica } from "./in-process-replica.js";
import { createTfServingHandler, DEFAULT_MAX_BODY_BYTES, type TfServingHandler } from "./node-handler.js";

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
  /** The same server for callers in this process (no HTTP); closed with the server. */
  inProcess: InProcessReplica;
  /**
   * Stops accepting (over HTTP and in-process), closes idle keep-alive connections, resolves when
   * closed and every request in flight is answered.
   */
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
  const url = `http://${shownHost}:${bound}`;
  const inProcess = new InProcessReplica(
    url,
    handler.dispatch,
    handlerOptions.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
  );
  return {
    url,
    port: bound,
    server,
    handler,
    inProcess,
    async close() {
      const drained = inProcess.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await drained;
    },
  };
}
