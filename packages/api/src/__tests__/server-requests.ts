import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { AddressInfo, Socket } from "node:net";

const CHANNEL = "http.server.request.start";

/**
 * Counts the HTTP requests node:http servers of this process start handling, by the port they
 * arrived on (node:http's own diagnostics channel: no server needs to be wrapped or patched).
 */
export class ServerRequests {
  private readonly byPort = new Map<number, number>();
  private readonly listener = (message: unknown): void => {
    const { socket } = message as { socket: Socket };
    const port = (socket.address() as AddressInfo).port;
    this.byPort.set(port, (this.byPort.get(port) ?? 0) + 1);
  };

  constructor() {
    subscribe(CHANNEL, this.listener);
  }

  /** Requests that reached the server listening at `url` (e.g. http://127.0.0.1:8501). */
  to(url: string): number {
    return this.byPort.get(Number(new URL(url).port)) ?? 0;
  }

  close(): void {
    unsubscribe(CHANNEL, this.listener);
  }
}
