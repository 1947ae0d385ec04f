import type { LogLine } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { initialLogsState, logsReducer, logWindow, MAX_LOG_LINES, visibleLines } from "./logs-reducer.js";

const lines = (n: number, text = "line"): LogLine[] =>
  Array.from({ length: n }, (_, i) => ({ stream: "stdout", text: `${text} ${i}`, replica: 0 }));

describe("logsReducer", () => {
  it("follows the tail, scrolls up and keeps the view while new lines arrive", () => {
    let s = logsReducer(initialLogsState, { type: "logs/open", source: "tip" });
    s = logsReducer(s, { type: "logs/lines", lines: lines(10) });
    expect(logWindow(s, 3).map((l) => l.text)).toEqual(["line 7", "line 8", "line 9"]);
    s = logsReducer(s, { type: "logs/scroll", delta: 2 });
    expect(logWindow(s, 3).map((l) => l.text)).toEqual(["line 5", "line 6", "line 7"]);
    s = logsReducer(s, { type: "logs/lines", lines: lines(1, "new") });
    expect(logWindow(s, 3).map((l) => l.text)).toEqual(["line 5", "line 6", "line 7"]);
    s = logsReducer(s, { type: "logs/scroll", delta: -100 });
    expect(s.scroll).toBe(0);
  });

  it("filters case-insensitively, and esc clears the filter", () => {
    let s = logsReducer(initialLogsState, { type: "logs/lines", lines: [...lines(3), ...lines(2, "ERROR")] });
    s = logsReducer(s, { type: "logs/edit-filter" });
    s = logsReducer(s, { type: "logs/filter-type", text: "erx" });
    s = logsReducer(s, { type: "logs/filter-backspace" });
    expect(visibleLines(s).map((l) => l.text)).toEqual(["ERROR 0", "ERROR 1"]);
    s = logsReducer(s, { type: "logs/filter-done" });
    expect(s.editingFilter).toBe(false);
    expect(visibleLines(logsReducer(s, { type: "logs/filter-clear" }))).toHaveLength(5);
  });

  it("keeps a bounded number of lines, resets on another source and records errors", () => {
    let s = logsReducer(initialLogsState, { type: "logs/lines", lines: lines(MAX_LOG_LINES + 10) });
    expect(s.lines).toHaveLength(MAX_LOG_LINES);
    s = logsReducer(s, { type: "logs/open", source: "other" });
    expect(s.lines).toHaveLength(0);
    expect(logsReducer(s, { type: "logs/failed", error: "NOT_FOUND" }).error).toBe("NOT_FOUND");
  });
});
