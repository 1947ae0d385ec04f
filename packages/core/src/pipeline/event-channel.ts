/**
 * A one-consumer queue that turns pushed events into an async iterable: producers call push(),
 * then end() or fail(error); the consumer iterates and gets the error thrown at the end.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  private readonly queue: T[] = [];
  private wake: (() => void) | undefined;
  private finished = false;
  private failure: { error: unknown } | undefined;

  push(event: T): void {
    if (this.finished) return;
    this.queue.push(event);
    this.notify();
  }

  end(): void {
    this.finished = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.end();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.queue.length) yield this.queue.shift()!;
      if (this.finished) {
        if (this.failure) throw this.failure.error;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}
