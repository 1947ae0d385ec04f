import { describe, expect, it } from "vitest";
import { RepositoryLayout, stagingId } from "./layout.js";
import {
  assertLabelName,
  assertModelName,
  nextVersion,
  parseLabelAssignment,
  versionOfFolder,
  versionOfRetired,
} from "./names.js";

describe("repository names", () => {
  it("accepts BigQuery-style model names", () => {
    for (const name of ["tip_model", "Model-2", "_x", "a"]) expect(assertModelName(name)).toBe(name);
  });

  it.each(["../x", "a/b", "a\\b", "..", ".", ".staging-1", "", "x\0y", "-x", "a.b", "/abs", "x".repeat(201)])(
    "refuses the hostile or invalid model name %j",
    (name) => {
      expect(() => assertModelName(name)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
      expect(() => new RepositoryLayout("/r").modelDir(name)).toThrow();
    },
  );

  it("counts a folder as a version only when its whole name is an integer", () => {
    expect(versionOfFolder("1")).toBe(1);
    expect(versionOfFolder("0042")).toBe(42);
    for (const name of ["v1", "0.1", "1a", "", "-1", ".staging-1", "99999999999999999999"]) {
      expect(versionOfFolder(name)).toBeUndefined();
    }
    expect(versionOfRetired(".retired-7-20260101")).toBe(7);
    expect(versionOfRetired(".staging-7")).toBeUndefined();
    expect(nextVersion([])).toBe(1);
    expect(nextVersion([3, 1, 9])).toBe(10);
  });

  it("checks labels with TF Serving's rule and parses label=version", () => {
    expect(assertLabelName("canary_2")).toBe("canary_2");
    expect(() => assertLabelName("can-ary")).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    expect(parseLabelAssignment("stable=3")).toEqual({ label: "stable", version: 3 });
    expect(() => parseLabelAssignment("stable")).toThrow(/LABEL=VERSION/);
    expect(() => parseLabelAssignment("stable=0")).toThrow(/positive integer/);
  });

  it("builds paths inside the root and deterministic staging ids", () => {
    const layout = new RepositoryLayout("/repo");
    expect(layout.versionDir("tip_model", 3)).toBe("/repo/tip_model/3");
    expect(layout.stagingDir("tip_model", "abc")).toBe("/repo/tip_model/.staging-abc");
    expect(layout.modelsConfig).toBe("/repo/models.config");
    expect(stagingId("m", "gs://b/p")).toBe(stagingId("m", "gs://b/p"));
    expect(stagingId("m", "gs://b/p")).not.toBe(stagingId("m", "gs://b/q"));
    expect(stagingId("m")).not.toBe(stagingId("m"));
  });
});
