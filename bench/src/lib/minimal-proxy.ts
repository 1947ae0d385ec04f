import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Dispatcher, Pool } from "undici";

const HEADERS = ["content-type", "application/json"];

/**
 * A yardstick, not a product: the least a node:http server can do to pass a request on through an
 * undici pool (dispatch API, body and answer as Buffers, one writeHead + end) with no token check,
 * body limit, routing, replica choice, timeouts, metrics or logs. What the API's /v1 proxy costs
 * beyond this is its own; what this costs is node:http's and undici's.
 */
export async function startMinimalProxy(backend: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new Pool(backend, { connections: 128, keepAliveTimeout: 10_000 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let status = 502;
      const answer: Buffer[] = [];
      const handler: Dispatcher.DispatchHandler = {
        onConnect() {},
        onHeaders(s) {
          status = s;
          return true;
        },
        onData(chunk) {
          answer.push(chunk);
          return true;
        },
        onComplete() {
          const body = answer.length === 1 ? answer[0]! : Buffer.concat(answer);
          res.writeHead(status, ["content-type", "application/json", "content-length", String(body.length)]);
          res.end(body);
        },
        onError() {
          res.destroy();
        },
      };
      pool.dispatch(
        {
          method: req.method as Dispatcher.HttpMethod,
          path: req.url ?? "/",
          headers: HEADERS,
          body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        },
        handler,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await pool.close();
    },
  };
}
