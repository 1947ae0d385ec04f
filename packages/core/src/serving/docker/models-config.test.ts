import { describe, expect, it } from "vitest";
import { renderModelsConfig } from "./models-config.js";

describe("renderModelsConfig", () => {
  it("writes TF Serving's text format with policies and labels", () => {
    expect(
      renderModelsConfig(
        [{ name: "tip_model", labels: { stable: 1, canary: 2 } }, { name: "other" }],
        "/models",
      ),
    ).toBe(
      [
        "model_config_list {",
        "  config {",
        "    name: 'tip_model'",
        "    base_path: '/models/tip_model'",
        "    model_platform: 'tensorflow'",
        "    model_version_policy { specific { versions: 1 versions: 2 } }",
        "    version_labels { key: 'stable' value: 1 }",
        "    version_labels { key: 'canary' value: 2 }",
        "  }",
        "  config {",
        "    name: 'other'",
        "    base_path: '/models/other'",
        "    model_platform: 'tensorflow'",
        "  }",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("escapes quotes in names", () => {
    expect(renderModelsConfig([{ name: "it's" }], "/m")).toContain("name: 'it\\'s'");
  });
});
