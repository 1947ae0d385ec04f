import { describe, expect, it } from "vitest";
import { isBqdeployError } from "../errors/index.js";
import { safeRelativePath } from "./safe-relative-path.js";

const refused = (name: string, prefix = "m/"): string => {
  try {
    safeRelativePath(name, prefix);
  } catch (error) {
    if (isBqdeployError(error)) return error.code;
    throw error;
  }
  return "accepted";
};

describe("safeRelativePath", () => {
  it("keeps ordinary nested names", () => {
    expect(safeRelativePath("m/saved_model.pb", "m/")).toBe("saved_model.pb");
    expect(safeRelativePath("m/variables/variables.index", "m/")).toBe("variables/variables.index");
    expect(safeRelativePath("a..b/x..y", "")).toBe("a..b/x..y");
  });

  it.each([
    ["m/../x"],
    ["m/a/../../x"],
    ["m/.."],
    ["m//etc/x"],
    ["m/a\\b"],
    ["m/a\u0000b"],
    ["m/./x"],
    ["m/C:/x"],
    ["m/"],
    ["other/x"],
  ])("refuses %j", (name) => {
    expect(refused(name)).toBe("UNSAFE_OBJECT_NAME");
  });

  it("refuses absolute names with an empty prefix", () => {
    expect(refused("/etc/passwd", "")).toBe("UNSAFE_OBJECT_NAME");
  });

  it("names the object in the error", () => {
    expect(() => safeRelativePath("m/../x", "m/")).toThrow(/m\/\.\.\/x/);
  });
});
