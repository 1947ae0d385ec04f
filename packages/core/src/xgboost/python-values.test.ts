import { describe, expect, it } from "vitest";
import { parsePythonFloat, pythonStr, splitPythonLines } from "./python-values.js";

describe("Python value rules", () => {
  it("parses numbers as float() does", () => {
    expect(parsePythonFloat(" 6.0 ")).toBe(6);
    expect(parsePythonFloat("1_000.5")).toBe(1000.5);
    expect(parsePythonFloat("5.e3")).toBe(5000);
    expect(parsePythonFloat(".5")).toBe(0.5);
    expect(parsePythonFloat("-Infinity")).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePythonFloat("NaN")).toBeNaN();
    for (const bad of ["", "abc", "1__0", "_1", "1.2.3", "0x10", "1e"])
      expect(parsePythonFloat(bad), bad).toBeUndefined();
  });

  it("prints values as str() does", () => {
    expect(pythonStr("a")).toBe("a");
    expect(pythonStr(2)).toBe("2");
    expect(pythonStr(2.5)).toBe("2.5");
    expect(pythonStr(true)).toBe("True");
    expect(pythonStr(null)).toBe("None");
    expect(pythonStr(1e-5)).toBe("1e-05");
    expect(pythonStr(1.5e22)).toBe("1.5e+22");
  });

  it("splits lines as str.splitlines() does", () => {
    expect(splitPythonLines("a\r\nb\rc\nd\n")).toEqual(["a", "b", "c", "d"]);
    expect(splitPythonLines("a\u2028b")).toEqual(["a", "b"]);
    expect(splitPythonLines("")).toEqual([]);
    expect(splitPythonLines("a\n\nb")).toEqual(["a", "", "b"]);
  });
});
