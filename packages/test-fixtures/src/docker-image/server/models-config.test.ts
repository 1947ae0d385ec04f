import { renderModelsConfig } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { parseModelsConfig } from "./models-config.js";

describe("parseModelsConfig", () => {
  it("reads what core's DockerRuntime writes", () => {
    const text = renderModelsConfig(
      [
        { name: "tip_model", labels: { stable: 1, canary: 2 } },
        { name: "other", version: 3 },
        { name: "plain" },
      ],
      "/models",
    );
    expect(parseModelsConfig(text)).toEqual([
      {
        name: "tip_model",
        basePath: "/models/tip_model",
        labels: { stable: 1, canary: 2 },
        policy: { kind: "specific", versions: [1, 2] },
      },
      { name: "other", basePath: "/models/other", labels: {}, policy: { kind: "specific", versions: [3] } },
      { name: "plain", basePath: "/models/plain", labels: {}, policy: { kind: "latest", count: 1 } },
    ]);
  });

  it("reads TF Serving's other spellings: comments, double quotes, latest and all", () => {
    const text = `# two models
model_config_list: {
  config: { name: "a" base_path: "/m/a" model_version_policy: { latest: { num_versions: 2 } } }
  config { name: 'b' base_path: '/m/b' model_version_policy { all {} } }
}`;
    expect(parseModelsConfig(text).map((c) => c.policy)).toEqual([
      { kind: "latest", count: 2 },
      { kind: "all" },
    ]);
  });

  it("says where it cannot parse", () => {
    expect(() => parseModelsConfig("model_config_list { config { name: 'a' ")).toThrow(/missing }/);
    expect(() => parseModelsConfig("model_config_list { config { name: @ } }")).toThrow(
      /cannot parse near "@/,
    );
    expect(() => parseModelsConfig("")).toThrow(/model_config_list is missing/);
  });
});
