import { describe, expect, it } from "vitest";
import { formatModelsConfig, type ModelsConfig, parseModelsConfig } from "./models-config.js";
import { planModelConfig } from "./serving-policy.js";

const HANDWRITTEN = `
# as in TF Serving's docs
model_config_list: {
  config: {
    name: 'tip_model' base_path: '/models/tip_model' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 }
    version_labels { key: "canary" value: 2 }
  }
  config { name: "iris", base_path: "/models/iris"; model_version_policy: { latest { num_versions: 2 } } }
  config { name: 'all_of_them' base_path: '/m/a' model_version_policy { all {} } }
}
`;

describe("models.config", () => {
  it("parses TF Serving's text format with comments, colons and either quote", () => {
    const config = parseModelsConfig(HANDWRITTEN);
    expect(config.models).toEqual([
      {
        name: "tip_model",
        basePath: "/models/tip_model",
        modelPlatform: "tensorflow",
        versionPolicy: { kind: "specific", versions: [1, 2] },
        versionLabels: { stable: 1, canary: 2 },
      },
      {
        name: "iris",
        basePath: "/models/iris",
        modelPlatform: "tensorflow",
        versionPolicy: { kind: "latest", numVersions: 2 },
        versionLabels: {},
      },
      {
        name: "all_of_them",
        basePath: "/m/a",
        modelPlatform: "tensorflow",
        versionPolicy: { kind: "all" },
        versionLabels: {},
      },
    ]);
  });

  it("round-trips what it writes", () => {
    const config: ModelsConfig = parseModelsConfig(HANDWRITTEN);
    config.models.push({
      name: "odd'name",
      basePath: "C:\\models\\x",
      modelPlatform: "tensorflow",
      versionLabels: {},
    });
    const text = formatModelsConfig(config);
    expect(text).toContain("version_labels { key: 'canary' value: 2 }");
    expect(text).toContain("model_version_policy { specific { versions: 1 versions: 2 } }");
    expect(parseModelsConfig(text)).toEqual(config);
    expect(parseModelsConfig(formatModelsConfig({ models: [] }))).toEqual({ models: [] });
  });

  it.each([
    ["model_config_list { config { name: 'x' ", /line 1: missing '\}'/],
    ["model_config_list {\n config { name: 3 } }", /line 2: name must be a quoted string/],
    ["model_config_list { config { base_path: '/x' } }", /has no name/],
    [
      "model_config_list { config { name: 'x' model_version_policy { newest {} } } }",
      /unknown version policy newest/,
    ],
    ["model_config_list { config { name: 'x\n' } }", /unterminated string/],
    ["}", /unexpected '\}'/],
  ])("reports bad input %j as INVALID_CONFIG", (text, message) => {
    expect(() => parseModelsConfig(text)).toThrow(
      expect.objectContaining({ code: "INVALID_CONFIG", message: expect.stringMatching(message) }),
    );
  });
});

describe("planModelConfig", () => {
  it("uses TF Serving's default policy when there are no labels", () => {
    expect(planModelConfig("m", [1, 2], undefined, "/models")).toEqual({
      name: "m",
      basePath: "/models/m",
      modelPlatform: "tensorflow",
      versionLabels: {},
    });
  });

  it("serves every labelled version plus the latest, and drops labels of missing versions", () => {
    const previous = {
      name: "m",
      basePath: "/x/m",
      modelPlatform: "tensorflow",
      versionLabels: { stable: 1, canary: 3, old: 9 },
    };
    expect(planModelConfig("m", [1, 2, 3, 4], previous, "/models")).toEqual({
      ...previous,
      versionLabels: { stable: 1, canary: 3 },
      versionPolicy: { kind: "specific", versions: [1, 3, 4] },
    });
  });

  it("keeps a user's latest/all policy", () => {
    const latest = {
      name: "m",
      basePath: "/b",
      modelPlatform: "tensorflow",
      versionLabels: {},
      versionPolicy: { kind: "latest" as const, numVersions: 3 },
    };
    expect(planModelConfig("m", [1], latest, "/models").versionPolicy).toEqual({
      kind: "latest",
      numVersions: 3,
    });
    const all = { ...latest, versionLabels: { stable: 1 }, versionPolicy: { kind: "all" as const } };
    expect(planModelConfig("m", [1, 2], all, "/models").versionPolicy).toEqual({ kind: "all" });
  });
});
