import { seededRandom } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { COMPLETE, NEED_MORE, ResponseParser } from "../response-parser.js";
import { UpstreamError } from "../upstream-error.js";

/** Feeds `parts` one by one; the parser's result after the last (or the error thrown). */
function parse(parts: (string | Buffer)[], parser = new ResponseParser()): ResponseParser | UpstreamError {
  try {
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const data = typeof part === "string" ? Buffer.from(part, "latin1") : part;
      const result = parser.execute(data);
      if (result === COMPLETE) {
        if (i !== parts.length - 1) throw new Error(`complete after part ${i} of ${parts.length}`);
        return parser;
      }
    }
    return parser;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
}

function whole(text: string): ResponseParser {
  const parser = new ResponseParser();
  expect(parser.execute(Buffer.from(text, "latin1"))).toBe(COMPLETE);
  return parser;
}

function failure(parts: string[]): string {
  const result = parse(parts);
  if (!(result instanceof UpstreamError)) throw new Error(`parsed: ${JSON.stringify(parts)}`);
  expect(result.code).toBe("ERR_UPSTREAM_PROTOCOL");
  return result.message;
}

const CHUNKED =
  "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n" +
  '5;name=value;other\r\n{"a":\r\n' +
  "3\r\n1, \r\n" +
  'A\r\n"b": [1, 2\r\n' +
  "2 ; x\r\n]}\r\n" +
  "0\r\nX-Trailer: yes\r\nOther: 1\r\n\r\n";
const CHUNKED_BODY = '{"a":1, "b": [1, 2]}';

describe("ResponseParser", () => {
  it("reads a Content-Length answer, its status, content type and keep-alive", () => {
    const p = whole("HTTP/1.1 201 Created\r\ncontent-TYPE:  text/plain \r\nContent-Length: 5\r\n\r\nhello");
    expect([p.status, p.contentType, p.body.toString(), p.keepAlive, p.extra]).toEqual([
      201,
      "text/plain",
      "hello",
      true,
      0,
    ]);
  });

  it("reads a chunked body (extensions and trailers dropped) split at every byte boundary", () => {
    for (let cut = 1; cut < CHUNKED.length; cut++) {
      const p = parse([CHUNKED.slice(0, cut), CHUNKED.slice(cut)]);
      if (p instanceof UpstreamError) throw new Error(`cut at ${cut}: ${p.message}`);
      expect(p.body.toString(), `cut at ${cut}`).toBe(CHUNKED_BODY);
      expect(p.contentType).toBe("application/json; charset=utf-8");
    }
    const bytes = parse(CHUNKED.split(""));
    expect(bytes instanceof ResponseParser && bytes.body.toString()).toBe(CHUNKED_BODY);
  });

  it("reads a Content-Length body split byte by byte, and in any two parts", () => {
    const text = okLength("0123456789abcdef");
    expect((parse(text.split("")) as ResponseParser).body.toString()).toBe("0123456789abcdef");
    for (let cut = 1; cut < text.length; cut++) {
      expect((parse([text.slice(0, cut), text.slice(cut)]) as ResponseParser).body.toString()).toBe(
        "0123456789abcdef",
      );
    }
  });

  it("skips informational answers (100, 102, 103 with headers) before the answer", () => {
    const p = whole(
      `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${okLength("done")}`,
    );
    expect([p.status, p.body.toString()]).toEqual([200, "done"]);
    const split = parse(["HTTP/1.1 100 Continue\r\n\r", `\n${okLength("x")}`]) as ResponseParser;
    expect([split.status, split.body.toString()]).toEqual([200, "x"]);
    expect(failure(["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"])).toMatch(/101/);
  });

  it("gives 204 and 304 no body, even with a Content-Length", () => {
    for (const status of [204, 304]) {
      const p = whole(`HTTP/1.1 ${status} X\r\nContent-Length: 10\r\n\r\n`);
      expect([p.status, p.body.length, p.keepAlive]).toEqual([status, 0, true]);
    }
  });

  it("reads a body without framing until the end of the stream, and does not keep the connection", () => {
    const parser = new ResponseParser();
    expect(parser.execute(Buffer.from("HTTP/1.1 200 OK\r\nContent-Type: a/b\r\n\r\nsome "))).toBe(NEED_MORE);
    expect(parser.execute(Buffer.from("bytes"))).toBe(NEED_MORE);
    expect(parser.finish()).toBe(COMPLETE);
    expect([parser.body.toString(), parser.keepAlive]).toEqual(["some bytes", false]);
  });

  it("says when the stream ended before or in the middle of an answer", () => {
    const none = new ResponseParser();
    expect(() => none.finish()).toThrow(/before answering/);
    for (const partial of [
      "HTTP/1.1 200 OK\r\nContent-Le",
      okLength("abcdef").slice(0, -2),
      CHUNKED.slice(0, -3),
    ]) {
      const parser = new ResponseParser();
      expect(parser.execute(Buffer.from(partial))).toBe(NEED_MORE);
      expect(() => parser.finish()).toThrow(UpstreamError);
      try {
        parser.finish();
      } catch (err) {
        expect((err as UpstreamError).code).toBe("ERR_UPSTREAM_CLOSED");
      }
    }
  });

  it("honours Connection: close and HTTP/1.0, and reads Keep-Alive's timeout", () => {
    expect(
      whole("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 0\r\n\r\n").keepAlive,
    ).toBe(false);
    expect(whole("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keepAlive).toBe(false);
    const kept = whole(
      "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=10\r\nContent-Length: 0\r\n\r\n",
    );
    expect([kept.keepAlive, kept.keepAliveMs]).toEqual([true, 5_000]);
  });

  it("counts bytes after the end of an answer as extra", () => {
    const p = new ResponseParser();
    expect(p.execute(Buffer.from(`${okLength("ab")}HTTP/1.1`))).toBe(COMPLETE);
    expect(p.extra).toBe(8);
  });

  it("is ready for the next answer after reset()", () => {
    const p = whole(CHUNKED);
    p.reset();
    expect(p.execute(Buffer.from(okLength("second")))).toBe(COMPLETE);
    expect([p.body.toString(), p.contentType]).toEqual(["second", "text/plain"]);
  });

  it("refuses malformed status lines", () => {
    for (const line of [
      "HTTP/1.1 20 OK",
      "HTTP/1.1 2000 OK",
      "HTTP/2 200 OK",
      "http/1.1 200 OK",
      "HTTP/1.1  200 OK",
      "HTTP/1.1 600 Nope",
      "HTTP/1.1 099 Nope",
      "HTTP/1.1 200 O\x01K",
      "ICY 200 OK",
      "",
      " HTTP/1.1 200 OK",
    ]) {
      expect(failure([`${line}\r\nContent-Length: 0\r\n\r\n`])).toMatch(/status line/);
    }
  });

  it("refuses malformed headers", () => {
    for (const header of [
      "Content-Length : 5",
      "Bad Name: x",
      "NoColon",
      ": empty name",
      " folded: value",
      "X: a\rb",
      "X: a\nb",
      "X: nul\x00",
      "X\x7f: y",
    ]) {
      expect(failure([`HTTP/1.1 200 OK\r\n${header}\r\nContent-Length: 0\r\n\r\n`])).toMatch(/header line/);
    }
  });

  it("refuses bad or conflicting framing", () => {
    const status = "HTTP/1.1 200 OK\r\n";
    expect(failure([`${status}Content-Length: -1\r\n\r\n`])).toMatch(/Content-Length/);
    expect(failure([`${status}Content-Length: 1e3\r\n\r\n`])).toMatch(/Content-Length/);
    expect(failure([`${status}Content-Length: 5, 5\r\n\r\n`])).toMatch(/Content-Length/);
    expect(failure([`${status}Content-Length: 1234567890123456\r\n\r\n`])).toMatch(/Content-Length/);
    expect(failure([`${status}Content-Length: 3\r\nContent-Length: 4\r\n\r\n`])).toMatch(/conflicting/);
    expect(failure([`${status}Transfer-Encoding: gzip, chunked\r\n\r\n`])).toMatch(/Transfer-Encoding/);
    expect(failure([`${status}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n`])).toMatch(
      /Transfer-Encoding/,
    );
    expect(failure([`${status}Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n`])).toMatch(/both/);
  });

  it("refuses malformed chunk sizes and chunk framing", () => {
    const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (const bad of [
      "x\r\n",
      "-1\r\n",
      "\r\n",
      " 5\r\n",
      "5 5\r\n",
      "0x5\r\n",
      "1234567890abc\r\n",
      "5\n",
      "5;\x01\r\n",
    ]) {
      expect(failure([head, bad])).toMatch(/chunk/);
    }
    // Data longer than its size, or not followed by CRLF.
    expect(failure([head, "3\r\nabcd\r\n0\r\n\r\n"])).toMatch(/CRLF/);
    expect(failure([head, "3\r\nabc\n0\r\n\r\n"])).toMatch(/CRLF/);
    expect(failure([head, "3\r\nabc\r", "x"])).toMatch(/CRLF/);
    expect(failure([head, "0\r\nBad Trailer\r\n\r\n"])).toMatch(/trailer/);
    expect(failure([head, `${"1".repeat(5000)}`])).toMatch(/too long/);
  });

  it("limits the head's size and header count, the trailers and the body", () => {
    const small = { maxHeaderBytes: 256, maxHeaders: 4, maxBodyBytes: 10 };
    const big = `HTTP/1.1 200 OK\r\nX-Big: ${"a".repeat(300)}\r\nContent-Length: 0\r\n\r\n`;
    expect(parse([big], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/too large/),
    });
    // Without the end of the head in sight, too.
    expect(
      parse(["HTTP/1.1 200 OK\r\n", `X-Big: ${"a".repeat(300)}`], new ResponseParser(small)),
    ).toMatchObject({ message: expect.stringMatching(/too large/) });
    const many = `HTTP/1.1 200 OK\r\n${"A: 1\r\n".repeat(5)}\r\n`;
    expect(parse([many], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/too many/),
    });
    expect(parse([okLength("12345678901")], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/too large/),
    });
    const chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    expect(parse([chunked, "6\r\n123456\r\n6\r\n"], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/too large/),
    });
    expect(parse([chunked, "0\r\n", "T: 1\r\n".repeat(5)], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/trailers are too large/),
    });
    expect(parse([chunked, "0\r\n", `T: ${"x".repeat(300)}\r\n`], new ResponseParser(small))).toMatchObject({
      message: expect.stringMatching(/too (large|long)/),
    });
    // The default: 16 KiB of head.
    expect(failure([`HTTP/1.1 200 OK\r\nX: ${"a".repeat(17 * 1024)}\r\n\r\n`])).toMatch(/too large/);
  });

  it("keeps its own copy of the bytes it was given", () => {
    const parser = new ResponseParser();
    const buffer = Buffer.from(okLength("abcdef"));
    const split = buffer.length - 3;
    expect(parser.execute(buffer.subarray(0, split))).toBe(NEED_MORE);
    buffer.fill(0x21, 0, split);
    expect(parser.execute(buffer.subarray(split))).toBe(COMPLETE);
    expect(parser.body.toString()).toBe("abcdef");
  });
});

describe("ResponseParser on random bytes", () => {
  it("completes, waits or throws an UpstreamError; nothing else (20,000 cases)", () => {
    const random = seededRandom(7);
    const alphabet = Buffer.from(
      "\r\n:; \t0123456789abcdefABCDEF-HTTP/1.0chunkedcontent-lengthtransfer-encoding\x00\x80\xff",
      "latin1",
    );
    const seeds = [CHUNKED, okLength("body"), "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 X\r\n\r\n"];
    const counts = { complete: 0, more: 0, error: 0 };
    for (let i = 0; i < 20_000; i++) {
      let bytes = Buffer.from(seeds[i % seeds.length]!, "latin1");
      if (i % 4 !== 0) {
        bytes = Buffer.from(bytes);
        for (let k = 0, n = 1 + Math.floor(random() * 4); k < n; k++) {
          bytes[Math.floor(random() * bytes.length)] = alphabet[Math.floor(random() * alphabet.length)]!;
        }
      }
      const parser = new ResponseParser({ maxHeaderBytes: 128, maxHeaders: 8, maxBodyBytes: 64 });
      let result: number | "error" = NEED_MORE;
      try {
        let at = 0;
        while (at < bytes.length && result === NEED_MORE) {
          const n = 1 + Math.floor(random() * 16);
          result = parser.execute(bytes.subarray(at, at + n));
          at += n;
        }
        if (result === NEED_MORE && random() < 0.5) result = parser.finish();
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        result = "error";
      }
      if (result === COMPLETE) {
        counts.complete++;
        expect(parser.status).toBeGreaterThanOrEqual(200);
      } else if (result === "error") counts.error++;
      else counts.more++;
    }
    expect(counts.complete).toBeGreaterThan(1_000);
    expect(counts.error).toBeGreaterThan(1_000);
  });
});

function okLength(body: string): string {
  return `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
