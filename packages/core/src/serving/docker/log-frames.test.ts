import { describe, expect, it } from "vitest";
import { LogFrameDecoder } from "./log-frames.js";

const frame = (stream: 1 | 2, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe("LogFrameDecoder", () => {
  it("splits stdout and stderr frames into lines", () => {
    const decoder = new LogFrameDecoder(1);
    const lines = decoder.push(Buffer.concat([frame(1, "loading\nloaded\n"), frame(2, "oops\n")]));
    expect(lines).toEqual([
      { stream: "stdout", text: "loading", replica: 1 },
      { stream: "stdout", text: "loaded", replica: 1 },
      { stream: "stderr", text: "oops", replica: 1 },
    ]);
  });

  it("joins frames cut anywhere and lines spanning frames, per stream", () => {
    const bytes = Buffer.concat([
      frame(1, "hel"),
      frame(2, "err "),
      frame(1, "lo\r\nwor"),
      frame(2, "line\n"),
      frame(1, "ld"),
    ]);
    const decoder = new LogFrameDecoder();
    const lines = [];
    for (let i = 0; i < bytes.length; i += 3) lines.push(...decoder.push(bytes.subarray(i, i + 3)));
    lines.push(...decoder.end());
    expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual([
      "stdout:hello",
      "stderr:err line",
      "stdout:world",
    ]);
  });

  it("keeps multi-byte characters cut between frames whole", () => {
    const decoder = new LogFrameDecoder();
    const text = Buffer.from("señal\n");
    const whole = frame(1, text.toString());
    expect([...decoder.push(whole.subarray(0, 11)), ...decoder.push(whole.subarray(11))]).toEqual([
      { stream: "stdout", text: "señal", replica: 0 },
    ]);
  });
});
