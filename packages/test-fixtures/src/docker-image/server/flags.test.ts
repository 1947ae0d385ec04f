import { describe, expect, it } from "vitest";
import { parseServerFlags } from "./flags.js";

describe("parseServerFlags", () => {
  it("builds the model path from MODEL_NAME and MODEL_BASE_PATH like the real entrypoint", () => {
    expect(parseServerFlags([], { MODEL_NAME: "tip_model", MODEL_BASE_PATH: "/models" })).toEqual({
      modelName: "tip_model",
      modelBasePath: "/models/tip_model",
      restApiPort: 8501,
      pollSeconds: 1,
      fakeSigill: false,
    });
  });

  it("lets container arguments override, the last one winning", () => {
    const flags = parseServerFlags(
      [
        "--rest_api_port=9000",
        "--model_config_file=/etc/m.config",
        "--file_system_poll_wait_seconds=0.5",
        "--rest_api_port=9001",
      ],
      {},
    );
    expect(flags).toMatchObject({ restApiPort: 9001, modelConfigFile: "/etc/m.config", pollSeconds: 0.5 });
    expect(parseServerFlags(["--bqdeploy_fake_sigill"], {}).fakeSigill).toBe(true);
    expect(parseServerFlags([], { BQDEPLOY_FAKE_SIGILL: "1" }).fakeSigill).toBe(true);
  });

  it("rejects what tensorflow_model_server would reject", () => {
    expect(() => parseServerFlags(["positional"], {})).toThrow(/unknown command line argument/);
    expect(() => parseServerFlags(["--rest_api_port=http"], {})).toThrow(/must be a number/);
  });
});
