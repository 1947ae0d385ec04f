import { describe, expect, it } from "vitest";
import { BqdeployError, isBqdeployError, toBqdeployError } from "./bqdeploy-error.js";

describe("BqdeployError", () => {
  it("carries a code, a message, details and the cause", () => {
    const cause = new Error("socket hang up");
    const err = new BqdeployError("DOWNLOAD_FAILED", "Could not download x; retry.", {
      cause,
      details: { object: "x" },
    });
    expect(err.code).toBe("DOWNLOAD_FAILED");
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({
      code: "DOWNLOAD_FAILED",
      message: "Could not download x; retry.",
      details: { object: "x" },
    });
  });

  it("is recognised by its brand, not by instanceof", () => {
    const foreign = Object.assign(new Error("x"), { [Symbol.for("bqdeploy.error")]: true });
    expect(isBqdeployError(foreign)).toBe(true);
    expect(isBqdeployError(new Error("x"))).toBe(false);
    expect(isBqdeployError(null)).toBe(false);
  });

  it("wraps foreign errors and keeps its own", () => {
    const own = new BqdeployError("NOT_FOUND", "gone");
    expect(toBqdeployError(own)).toBe(own);
    const wrapped = toBqdeployError(new Error("boom"), "INTERNAL", "While loading");
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.message).toBe("While loading: boom");
  });
});
