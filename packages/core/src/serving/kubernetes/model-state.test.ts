import { describe, expect, it } from "vitest";
import { parseModelStatus } from "./model-state.js";

describe("parseModelStatus", () => {
  it("is AVAILABLE when any version is, listing every version", () => {
    const body = JSON.stringify({
      model_version_status: [
        { version: "2", state: "LOADING", status: { error_code: "OK", error_message: "" } },
        { version: "1", state: "AVAILABLE", status: { error_code: "OK", error_message: "" } },
      ],
    });
    const report = parseModelStatus(200, body);
    expect(report.state).toBe("AVAILABLE");
    expect(report.versions.map((v) => [v.version, v.state])).toEqual([
      ["2", "LOADING"],
      ["1", "AVAILABLE"],
    ]);
  });

  it("reports a failed load with its error", () => {
    const body = JSON.stringify({
      model_version_status: [
        {
          version: "3",
          state: "END",
          status: { error_code: "NOT_FOUND", error_message: "Could not find base path" },
        },
      ],
    });
    expect(parseModelStatus(200, body)).toMatchObject({
      reachable: true,
      state: "END",
      error: "version 3: NOT_FOUND Could not find base path",
    });
  });

  it("turns TF Serving and proxy errors into words", () => {
    expect(
      parseModelStatus(404, '{"error": "Could not find any versions of model tip_model"}'),
    ).toMatchObject({
      reachable: true,
      state: "UNKNOWN",
      error: "HTTP 404: Could not find any versions of model tip_model",
    });
    expect(
      parseModelStatus(503, '{"kind":"Status","message":"no endpoints available for service \\"x\\""}'),
    ).toMatchObject({
      reachable: false,
      error: 'HTTP 503: no endpoints available for service "x"',
    });
    expect(parseModelStatus(200, "<html>")).toMatchObject({
      state: "UNKNOWN",
      error: expect.stringMatching(/not TF Serving/),
    });
  });
});
