import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { backspaceCount, intentFor } from "./key-bindings.js";

const none = {} as Key;

describe("intentFor", () => {
  it("maps letters to the screen's commands, or to text while editing", () => {
    expect(intentFor("p", none, "models", false)).toEqual({ command: "pull" });
    expect(intentFor("p", none, "models", true)).toEqual({ text: "p" });
    expect(intentFor("q", none, "logs", false)).toBe("quit");
    expect(intentFor("3", none, "models", false)).toEqual({ screen: "logs" });
    expect(intentFor("c", { ...none, ctrl: true }, "predict", true)).toBe("quit");
    expect(intentFor("", { ...none, tab: true, shift: true }, "models", true)).toBe("prev-screen");
  });
  it("drops control characters from pasted text and counts repeated backspaces", () => {
    expect(intentFor("a\u007fb", none, "models", true)).toEqual({ text: "ab" });
    expect(backspaceCount("\u007f\u007f\u007f")).toBe(3);
    expect(backspaceCount("a\u007f")).toBe(0);
  });
});
