import { describe, expect, it } from "vitest";
import { renderModelMetadata, renderModelStatus } from "./model-status.js";
import { tipSignature } from "./test-signatures.js";

describe("status and metadata rendering", () => {
  it("lists versions newest first with string versions", () => {
    const text = renderModelStatus([
      { version: 1, state: "AVAILABLE", errorCode: "OK", errorMessage: "" },
      { version: 2, state: "LOADING", errorCode: "OK", errorMessage: "" },
    ]);
    expect(
      text.startsWith('{\n "model_version_status": [\n  {\n   "version": "2",\n   "state": "LOADING"'),
    ).toBe(true);
    expect(JSON.parse(text).model_version_status[1]).toEqual({
      version: "1",
      state: "AVAILABLE",
      status: { error_code: "OK", error_message: "" },
    });
  });

  it("doubles the signature_def key and prints dim sizes as strings", () => {
    const body = JSON.parse(renderModelMetadata("tip_model", 2, { serving_default: tipSignature }));
    expect(body.model_spec).toEqual({ name: "tip_model", signature_name: "", version: "2" });
    const def = body.metadata.signature_def.signature_def.serving_default;
    expect(def.method_name).toBe("tensorflow/serving/predict");
    expect(def.outputs.predicted_tip_amount).toEqual({
      dtype: "DT_DOUBLE",
      tensor_shape: {
        dim: [
          { size: "-1", name: "" },
          { size: "1", name: "" },
        ],
        unknown_rank: false,
      },
      name: "compute:0",
    });
  });
});
