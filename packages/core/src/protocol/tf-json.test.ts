import { describe, expect, it } from "vitest";
import { isServingError } from "./serving-error.js";
import { parseTfJson, stringifyTfJson } from "./tf-json.js";

const parseError = (text: string): string => {
  try {
    parseTfJson(text);
  } catch (err) {
    if (isServingError(err)) return err.message;
  }
  throw new Error(`expected ${text} to fail`);
};

describe("NaN-tolerant JSON", () => {
  it("reads NaN, Infinity and -Infinity tokens", () => {
    const v = parseTfJson('{"a": [NaN, Infinity, -Infinity, 1.5], "b": "x\\u0041"}') as {
      a: number[];
      b: string;
    };
    expect(v.a[0]).toBeNaN();
    expect(v.a.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5]);
    expect(v.b).toBe("xA");
  });

  it("accepts the \\' escape of older TF Serving error bodies", () => {
    expect(parseTfJson('{ "error": "Missing \\\'inputs\\\' key" , "n": NaN}')).toMatchObject({
      error: "Missing 'inputs' key",
    });
  });

  it("reports syntax errors with rapidjson's texts", () => {
    expect(parseError("")).toBe("JSON Parse error: The document is empty");
    expect(parseError("{")).toBe("JSON Parse error: Missing a name for object member. at offset: 1");
    expect(parseError("nope")).toBe("JSON Parse error: Invalid value. at offset: 0");
    expect(parseError('{"a":1} x')).toBe(
      "JSON Parse error: The document root must not be followed by other values. at offset: 8",
    );
    expect(parseError("[1 2]")).toBe(
      "JSON Parse error: Missing a comma or ']' after an array element. at offset: 3",
    );
  });

  it("keeps __proto__ as a plain key", () => {
    const v = parseTfJson('{"__proto__": {"polluted": 1}, "x": NaN}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__", "x"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("writes non-finite numbers as tokens and everything else like JSON.stringify", () => {
    expect(stringifyTfJson({ a: [1, Number.NaN, null], b: Number.NEGATIVE_INFINITY, c: undefined })).toBe(
      '{"a":[1,NaN,null],"b":-Infinity}',
    );
    expect(stringifyTfJson({ instances: [{ x: "null" }] })).toBe('{"instances":[{"x":"null"}]}');
  });
});
