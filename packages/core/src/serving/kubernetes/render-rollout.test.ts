import type { V1Deployment } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { renderRollout } from "./render-rollout.js";
import { toYaml } from "./to-yaml.js";
import type { KubeObject } from "./types.js";

const base = { model: "tip_model", modelBasePath: "gs://my-bucket/models" };

function pick(objects: KubeObject[], kind: string): KubeObject {
  const found = objects.find((o) => o.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
}

describe("renderRollout", () => {
  it("keeps both versions loaded with stable and canary labels", () => {
    const objects = renderRollout({ ...base, stableVersion: 1, canaryVersion: 2 });
    const config = (pick(objects, "ConfigMap") as KubeObject & { data: Record<string, string> }).data[
      "models.config"
    ];
    expect(config).toContain("model_version_policy { specific { versions: 1 versions: 2 } }");
    expect(config).toContain("version_labels { key: 'canary' value: 2 }");
    expect(config).toContain("version_labels { key: 'stable' value: 1 }");
    expect(pick(objects, "ConfigMap").metadata.labels).toMatchObject({
      "bqdeploy.dev/stable-version": "1",
      "bqdeploy.dev/canary-version": "2",
    });
    const args = (pick(objects, "Deployment") as V1Deployment).spec?.template.spec?.containers[0]?.args;
    expect(args).toContain("--allow_version_labels_for_unavailable_models=true");
  });

  it("changes only the ConfigMap and metadata between steps, never the pod template", () => {
    const steps = [
      renderRollout({ ...base, stableVersion: 1 }),
      renderRollout({ ...base, stableVersion: 1, canaryVersion: 2 }),
      renderRollout({ ...base, stableVersion: 2 }),
    ];
    const templates = steps.map((s) => JSON.stringify((pick(s, "Deployment") as V1Deployment).spec));
    expect(new Set(templates).size).toBe(1);
    const configs = steps.map((s) => JSON.stringify(pick(s, "ConfigMap")));
    expect(new Set(configs).size).toBe(3);
    expect(pick(steps[2] ?? [], "Deployment").metadata.labels).not.toHaveProperty(
      "bqdeploy.dev/canary-version",
    );
  });

  it("keeps the other models of a multi-model deployment", () => {
    const objects = renderRollout({
      ...base,
      models: [{ name: "churn", versionPolicy: { kind: "latest", numVersions: 1 } }, { name: "tip_model" }],
      stableVersion: 5,
      canaryVersion: 6,
    });
    const config = (pick(objects, "ConfigMap") as KubeObject & { data: Record<string, string> }).data[
      "models.config"
    ];
    expect(config).toContain("name: 'churn'");
    expect(config).toContain("versions: 5 versions: 6");
  });

  it("refuses a canary equal to stable and non-integer versions", () => {
    expect(() => renderRollout({ ...base, stableVersion: 2, canaryVersion: 2 })).toThrow(/differ/);
    expect(() => renderRollout({ ...base, stableVersion: 1.5 })).toThrow(/positive integer/);
  });
});

describe("toYaml", () => {
  it("writes one YAML document per object that reads back to the same objects", () => {
    const objects = renderRollout({
      ...base,
      stableVersion: 1,
      canaryVersion: 2,
      hpa: { min: 2, max: 4, cpuPercent: 70 },
    });
    const text = toYaml(objects);
    const docs = parseAllDocuments(text);
    expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(objects)));
    // The probe script and models.config stay readable block scalars.
    expect(text).toContain("models.config: |");
    expect(text.split("\n---\n")).toHaveLength(objects.length);
  });
});
