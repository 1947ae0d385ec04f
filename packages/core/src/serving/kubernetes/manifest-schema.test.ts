// Validates rendered manifests twice: against the JSON schemas that kubernetes-models generates from
// the Kubernetes OpenAPI spec (checked with ajv), and field by field against client-node's model
// classes, which catches unknown (misspelt) fields the schemas let through.
import * as k8s from "@kubernetes/client-node";
import { Service } from "kubernetes-models/v1/Service";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { describe, expect, it } from "vitest";
import { renderManifests } from "./render-manifests.js";
import { renderRollout } from "./render-rollout.js";
import type { KubeObject } from "./types.js";

type Validating = new (data: never) => { validate(): void };
const SCHEMAS: Record<string, [Validating, string]> = {
  "v1/ServiceAccount": [ServiceAccount as unknown as Validating, "V1ServiceAccount"],
  "v1/ConfigMap": [ConfigMap as unknown as Validating, "V1ConfigMap"],
  "v1/Service": [Service as unknown as Validating, "V1Service"],
  "apps/v1/Deployment": [Deployment as unknown as Validating, "V1Deployment"],
  "autoscaling/v2/HorizontalPodAutoscaler": [
    HorizontalPodAutoscaler as unknown as Validating,
    "V2HorizontalPodAutoscaler",
  ],
  "policy/v1/PodDisruptionBudget": [PodDisruptionBudget as unknown as Validating, "V1PodDisruptionBudget"],
};

type AttributeMap = Array<{ baseName: string; type: string }>;
const models = k8s as unknown as Record<string, { getAttributeTypeMap?: () => AttributeMap } | undefined>;

/** Paths of fields that client-node's model for `type` does not know, or of the wrong JSON type. */
function unknownFields(value: unknown, type: string, path: string): string[] {
  if (value === undefined || value === null) return [];
  const array = /^Array<(.+)>$/.exec(type);
  if (array?.[1]) {
    if (!Array.isArray(value)) return [`${path}: expected a list`];
    return value.flatMap((v, i) => unknownFields(v, array[1] as string, `${path}[${i}]`));
  }
  if (type.startsWith("{ [key: string]: ")) {
    const inner = type.slice("{ [key: string]: ".length, -"; }".length);
    if (typeof value !== "object") return [`${path}: expected a map`];
    return Object.entries(value).flatMap(([k, v]) => unknownFields(v, inner, `${path}.${k}`));
  }
  if (type === "string") return typeof value === "string" ? [] : [`${path}: expected a string`];
  if (type === "number") return typeof value === "number" ? [] : [`${path}: expected a number`];
  if (type === "boolean") return typeof value === "boolean" ? [] : [`${path}: expected a boolean`];
  if (type === "IntOrString")
    return ["string", "number"].includes(typeof value) ? [] : [`${path}: int or string`];
  const model = models[type]?.getAttributeTypeMap?.();
  if (!model) return [];
  if (typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object`];
  return Object.entries(value).flatMap(([k, v]) => {
    const attribute = model.find((a) => a.baseName === k);
    return attribute ? unknownFields(v, attribute.type, `${path}.${k}`) : [`${path}.${k}: unknown field`];
  });
}

function check(objects: KubeObject[]): void {
  for (const object of objects) {
    const entry = SCHEMAS[`${object.apiVersion}/${object.kind}`];
    if (!entry) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    const [Model, typeName] = entry;
    expect(
      () => new Model(structuredClone(object) as never).validate(),
      `${object.kind} schema`,
    ).not.toThrow();
    expect(unknownFields(object, typeName, object.kind)).toEqual([]);
  }
}

const base = { model: "tip_model", modelBasePath: "gs://my-bucket/models" };

describe("rendered manifests against the Kubernetes schemas", () => {
  it("the default single-model deployment is valid", () => {
    check(renderManifests(base));
  });

  it("every option at once is valid", () => {
    check(
      renderManifests({
        ...base,
        namespace: "serving",
        image: "tensorflow/serving:2.18.0",
        gcpServiceAccount: "tf-serving@my-project.iam.gserviceaccount.com",
        hpa: { min: 2, max: 10, cpuPercent: 60 },
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
        port: 9000,
        models: [
          { name: "tip_model", versionPolicy: { kind: "latest", numVersions: 2 } },
          { name: "churn", basePath: "gs://other-bucket/churn", versionPolicy: { kind: "all" } },
        ],
      }),
    );
  });

  it("a canary rollout step is valid", () => {
    check(renderRollout({ ...base, stableVersion: 3, canaryVersion: 4 }));
  });

  it("the checker itself notices a misspelt field and a wrong type", () => {
    const [deployment] = renderManifests(base).filter((o) => o.kind === "Deployment");
    const broken = structuredClone(deployment) as KubeObject & { spec: Record<string, unknown> };
    broken.spec.replica = 3;
    expect(unknownFields(broken, "V1Deployment", "Deployment")).toEqual([
      "Deployment.spec.replica: unknown field",
    ]);
    broken.spec.minReadySeconds = "5";
    expect(() => new Deployment(broken as never).validate()).toThrow(/minReadySeconds/);
  });
});
