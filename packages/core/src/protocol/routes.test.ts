import { describe, expect, it } from "vitest";
import { parseRoute } from "./routes.js";
import { isServingError } from "./serving-error.js";

const message = (method: string, path: string): string => {
  const r = parseRoute(method, path);
  if (!isServingError(r)) throw new Error(`expected an error for ${method} ${path}`);
  return r.message;
};

describe("parseRoute", () => {
  it("reads the GET forms", () => {
    expect(parseRoute("GET", "/v1/models/tip_model")).toEqual({ verb: "status", model: "tip_model" });
    expect(parseRoute("GET", "/v1/models/tip_model/versions/2")).toEqual({
      verb: "status",
      model: "tip_model",
      version: 2,
    });
    expect(parseRoute("GET", "/v1/models/tip_model/labels/stable/metadata")).toEqual({
      verb: "metadata",
      model: "tip_model",
      label: "stable",
    });
    expect(parseRoute("GET", "/V1/MODELS/tip%20model/metadata?x=1")).toEqual({
      verb: "metadata",
      model: "tip model",
    });
  });

  it("reads the POST verbs", () => {
    expect(parseRoute("POST", "/v1/models/m:predict")).toEqual({ verb: "predict", model: "m" });
    expect(parseRoute("POST", "/v1/models/m/versions/1:classify")).toEqual({
      verb: "classify",
      model: "m",
      version: 1,
    });
    expect(parseRoute("POST", "/v1/models/m/labels/canary:regress")).toEqual({
      verb: "regress",
      model: "m",
      label: "canary",
    });
  });

  it("answers TF Serving's texts for what it cannot route", () => {
    expect(message("GET", "/v1/models/m:predict")).toBe("Malformed request: GET /v1/models/m:predict");
    expect(message("GET", "/v1/models/m/version/5")).toBe("Malformed request: GET /v1/models/m/version/5");
    expect(message("GET", "/v1/models/m/versions/abc")).toBe(
      "Malformed request: GET /v1/models/m/versions/abc",
    );
    expect(message("POST", "/v1/models/m/metadata")).toBe("Malformed request: POST /v1/models/m/metadata");
    expect(message("DELETE", "/v1/models/m")).toBe("Malformed request: DELETE /v1/models/m");
    expect(message("GET", "/v1/models")).toBe("Missing model name in request.");
    expect(message("GET", "/v1/models/versions/3")).toBe("Missing model name in request.");
    expect(message("POST", "/v1/models/m/versions/1/labels/x:predict")).toBe(
      "Malformed request: POST /v1/models/m/versions/1/labels/x:predict",
    );
  });

  it("refuses a version and a label together", () => {
    // Only reachable through the regex alternation when both are in one path; check the message shape.
    const r = parseRoute("GET", "/v1/models/m/versions/99999999999999999999");
    expect(isServingError(r) && r.message).toBe(
      "Failed to convert version: 99999999999999999999 to numeric.",
    );
  });

  it("gives every error the 400 status", () => {
    const r = parseRoute("PUT", "/v1/x");
    expect(isServingError(r) && r.httpStatus).toBe(400);
  });
});
