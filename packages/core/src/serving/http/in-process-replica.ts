import type { TfServingDispatcher } from "./dispatch.js";

/**
 * A TF Serving server of this process, offered to callers in the same process: the dispatcher its
 * HTTP handler answers with, its body limit, and whether it still takes requests. A proxy in this
 * process hands requests to it directly instead of over loopback HTTP (see InProcessForwarder).
 *
 * Closing refuses new requests at once (`open` turns false) and resolves once every request already
 * handed over has been answered, as closing an HTTP server lets the requests in flight finish.
 */
export class InProcessReplica {
  private closing = false;
  private inFlight = 0;
  private drained: Promise<void> | undefined;
  private onDrained: (() => void) | undefined;

  constructor(
    /** The server's base URL, as a deployment lists it (e.g. `http://127.0.0.1:8501`). */
    readonly endpoint: string,
    /** Answers a request exactly as the server's HTTP handler would. */
    readonly dispatch: TfServingDispatcher,
    /** The largest request body the server accepts (413 beyond). */
    readonly maxBodyBytes: number,
  ) {}

  /** False once closing has begun: no request may be handed over any more. */
  get open(): boolean {
    return !this.closing;
  }

  /**
   * Counts one request handed to `dispatch`; false (and nothing counted) once closing has begun.
   * Every true must be followed by exactly one `release()` when the answer is in.
   */
  acquire(): boolean {
    if (this.closing) return false;
    this.inFlight++;
    return true;
  }

  release(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.onDrained) {
      this.onDrained();
      this.onDrained = undefined;
    }
  }

  /** Refuses new requests; resolves when those in flight are answered. */
  close(): Promise<void> {
    this.closing = true;
    if (this.drained) return this.drained;
    this.drained =
      this.inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            this.onDrained = resolve;
          });
    return this.drained;
  }
}
