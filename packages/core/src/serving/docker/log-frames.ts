import type { LogLine } from "../runtime.js";

/**
 * Splits the Engine's multiplexed log stream (containers without a TTY) into lines. Each frame is
 * `[stream (1 stdout, 2 stderr), 0, 0, 0, length uint32 BE]` then the payload; frames may arrive cut
 * anywhere, and a line may span frames.
 */
export class LogFrameDecoder {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial = { stdout: "", stderr: "" };

  constructor(private readonly replica = 0) {}

  /** Feeds bytes; returns the complete lines they finish. */
  push(chunk: Buffer): LogLine[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const lines: LogLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = this.pending[0] === 2 ? "stderr" : "stdout";
      const text = this.partial[stream] + this.pending.subarray(8, 8 + size).toString("utf8");
      this.pending = this.pending.subarray(8 + size);
      const parts = text.split("\n");
      this.partial[stream] = parts.pop() ?? "";
      for (const part of parts) lines.push({ stream, text: part.replace(/\r$/, ""), replica: this.replica });
    }
    return lines;
  }

  /** The unterminated last lines, once the stream has ended. */
  end(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream]) lines.push({ stream, text: this.partial[stream], replica: this.replica });
      this.partial[stream] = "";
    }
    return lines;
  }
}
