import { ServingError } from "../../protocol/serving-error.js";

interface Pending {
  due: number;
  reject: (err: ServingError) => void;
}

/**
 * Request deadlines without a timer per request: one interval (running only while requests are
 * pending) fails the overdue ones with DEADLINE_EXCEEDED. Precision is a quarter of the timeout
 * (at most 250 ms).
 */
export class DeadlineWatch {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;

  constructor(private readonly timeoutMs: number) {
    this.tickMs = Math.max(1, Math.min(250, Math.floor(timeoutMs / 4)));
  }

  /** `work`, or a DEADLINE_EXCEEDED ServingError once `startedAt + timeoutMs` has passed. */
  guard<T>(work: Promise<T>, startedAt: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { due: startedAt + this.timeoutMs, reject };
      this.pending.add(entry);
      this.timer ??= setInterval(() => this.sweep(), this.tickMs).unref();
      work.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (err: unknown) => {
          this.pending.delete(entry);
          reject(err);
        },
      );
    });
  }

  private sweep(): void {
    const now = performance.now();
    for (const entry of this.pending) {
      if (now < entry.due) continue;
      this.pending.delete(entry);
      entry.reject(
        new ServingError(
          "DEADLINE_EXCEEDED",
          `Request did not complete within the server's ${this.timeoutMs} ms timeout.`,
        ),
      );
    }
    if (this.pending.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
