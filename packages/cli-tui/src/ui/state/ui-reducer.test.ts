import { describe, expect, it } from "vitest";
import { initialUiState, isEditing, uiReducer } from "./ui-reducer.js";

describe("uiReducer", () => {
  it("cycles screens both ways, jumps to one, and toggles help", () => {
    let s = initialUiState();
    s = uiReducer(s, { type: "ui/cycle", delta: -1 });
    expect(s.screen).toBe("jobs");
    s = uiReducer(s, { type: "ui/cycle", delta: 1 });
    expect(s.screen).toBe("models");
    s = uiReducer(s, { type: "ui/help" });
    expect(s.help).toBe(true);
    s = uiReducer(s, { type: "ui/screen", screen: "logs" });
    expect(s).toMatchObject({ screen: "logs", help: false });
  });

  it("records the terminal size and routes screen actions to their reducer", () => {
    const s = uiReducer(initialUiState(), { type: "ui/resize", columns: 120, rows: 40 });
    expect(s.size).toEqual({ columns: 120, rows: 40 });
    const opened = uiReducer(s, { type: "models/open-pull" });
    expect(opened.models.mode.kind).toBe("pull");
    expect(isEditing(opened)).toBe(true);
    expect(isEditing(s)).toBe(false);
  });
});
