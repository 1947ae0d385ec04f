import { describe, expect, it } from "vitest";
import {
  checkModelsForm,
  initialModelsState,
  type ModelsState,
  modelsReducer,
  validateModelsField,
} from "./models-reducer.js";

const loaded: ModelsState = modelsReducer(initialModelsState, {
  type: "models/loaded",
  models: [
    {
      name: "tip_model",
      versions: [
        { version: 1, labels: ["stable"] },
        { version: 2, labels: [] },
      ],
    },
    { name: "iris", versions: [] },
  ],
});

describe("modelsReducer", () => {
  it("loads models and keeps the selection inside the list", () => {
    expect(loaded.loading).toBe(false);
    const moved = modelsReducer(modelsReducer(loaded, { type: "models/move", delta: 5 }), {
      type: "models/move",
      delta: 0,
    });
    expect(moved.selected).toBe(1);
    const shrunk = modelsReducer(moved, { type: "models/loaded", models: loaded.models.slice(0, 1) });
    expect(shrunk.selected).toBe(0);
  });

  it("opens the pull form prefilled with the selected model and validates as the user types", () => {
    const open = modelsReducer(loaded, { type: "models/open-pull" });
    if (open.mode.kind !== "pull") throw new Error("no pull form");
    expect(open.mode.form.fields.map((f) => f.value)).toEqual(["gs://", "tip_model"]);
    const typed = modelsReducer(open, { type: "models/type", text: "b" });
    if (typed.mode.kind !== "pull") throw new Error("no pull form");
    expect(typed.mode.form.fields[0]?.error).toMatch(/gs:\/\/bucket/);
    const fixed = modelsReducer(typed, { type: "models/type", text: "ucket/tip" });
    if (fixed.mode.kind !== "pull") throw new Error("no pull form");
    expect(fixed.mode.form.fields[0]).toMatchObject({ value: "gs://bucket/tip", error: undefined });
    expect(checkModelsForm(fixed.mode.form).values).toEqual({
      source: "gs://bucket/tip",
      model: "tip_model",
    });
    expect(modelsReducer(fixed, { type: "models/cancel" }).mode.kind).toBe("list");
  });

  it("moves between fields, deletes characters and refuses an invalid form", () => {
    let s = modelsReducer(loaded, { type: "models/open-label" });
    s = modelsReducer(s, { type: "models/next-field", delta: 1 });
    s = modelsReducer(s, { type: "models/backspace" });
    if (s.mode.kind !== "label") throw new Error("no label form");
    expect(s.mode.form.fields[1]).toMatchObject({ value: "", error: "a version number, e.g. 1" });
    expect(checkModelsForm(s.mode.form).values).toBeUndefined();
  });

  it("asks for confirmation before prune and rollback, and reports errors", () => {
    expect(modelsReducer(loaded, { type: "models/confirm", action: "prune" }).mode).toEqual({
      kind: "confirm",
      action: "prune",
      keep: 2,
    });
    expect(modelsReducer(initialModelsState, { type: "models/confirm", action: "rollback" }).error).toMatch(
      /pull one/,
    );
    const failed = modelsReducer(loaded, { type: "models/failed", error: "LOCKED: wait" });
    expect(failed.error).toBe("LOCKED: wait");
    expect(modelsReducer(failed, { type: "models/submitted", message: "ok" })).toMatchObject({
      error: undefined,
      message: "ok",
    });
  });

  it("validates names and sources", () => {
    expect(validateModelsField({ name: "model", value: "tip model" })).toBeDefined();
    expect(validateModelsField({ name: "source", value: "gs://taxi/tip_model" })).toBeUndefined();
  });
});
