import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { LogLine } from "../runtime.js";
import { LogFrameDecoder } from "./log-frames.js";

export interface ContainerLogOptions {
  follow?: boolean;
  tail?: number;
  signal?: AbortSignal;
}

/** The lines a container has written so far (stdout and stderr, in order). */
export async function readLogs(
  container: Docker.Container,
  replica: number,
  tail?: number,
  signal?: AbortSignal,
): Promise<LogLine[]> {
  const buffer = (await container.logs({
    stdout: true,
    stderr: true,
    follow: false,
    ...(tail === undefined ? {} : { tail }),
    abortSignal: signal,
  })) as unknown as Buffer;
  const decoder = new LogFrameDecoder(replica);
  return [...decoder.push(Buffer.from(buffer)), ...decoder.end()];
}

/**
 * Lines of several containers as one stream: all of each container's lines without `follow`, or,
 * with `follow`, lines as they come until every container stops or the signal aborts.
 */
export async function* containerLogLines(
  containers: Docker.Container[],
  options: ContainerLogOptions,
): AsyncGenerator<LogLine> {
  if (!options.follow) {
    for (const [replica, container] of containers.entries())
      yield* await readLogs(container, replica, options.tail, options.signal);
    return;
  }
  const queue: LogLine[] = [];
  let wake: (() => void) | undefined;
  let open = containers.length;
  let failure: unknown;
  const streams: Readable[] = [];
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  await Promise.all(
    containers.map(async (container, replica) => {
      const stream = (await container.logs({
        stdout: true,
        stderr: true,
        follow: true,
        ...(options.tail === undefined ? {} : { tail: options.tail }),
        abortSignal: options.signal,
      })) as unknown as Readable;
      streams.push(stream);
      const decoder = new LogFrameDecoder(replica);
      stream.on("data", (chunk: Buffer) => {
        queue.push(...decoder.push(chunk));
        notify();
      });
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        queue.push(...decoder.end());
        open--;
        notify();
      };
      stream.once("end", finish);
      stream.once("close", finish);
      stream.once("error", (error) => {
        if (!options.signal?.aborted) failure = error;
        finish();
      });
    }),
  );
  const onAbort = (): void => {
    for (const stream of streams) stream.destroy();
    notify();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      while (queue.length > 0) yield queue.shift() as LogLine;
      if (failure) throw failure;
      if (open <= 0 || options.signal?.aborted) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    for (const stream of streams) stream.destroy();
  }
}
