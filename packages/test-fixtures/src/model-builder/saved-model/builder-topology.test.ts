import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttrValue, NodeDef, SavedModelBundle } from "@bqdeploy/core";
import { readSavedModel } from "@bqdeploy/core";
import { describe, expect, it } from "vitest";
import { haveSharedModels, sharedExpectations, sharedModel } from "../../shared-models/locate.js";
import { closedFormLinear, closedFormLogistic } from "./closed-form.js";
import type { FeatureSpec } from "./feature-spec.js";
import type { LinearRegSpec } from "./linear-reg.js";
import { linearRegContents } from "./linear-reg.js";
import type { LogisticRegSpec } from "./logistic-reg.js";
import { logisticRegContents } from "./logistic-reg.js";

// Attributes that only record TF's bookkeeping; the builder leaves them out.
const BOOKKEEPING = new Set(["_output_shapes", "_class", "debug_name", "_has_manual_control_dependencies"]);

function describeAttr(value: AttrValue): string {
  switch (value.kind) {
    case "s":
      return Buffer.from(value.value)
        .toString()
        .replace(/\/cns\/.*\/assets\//, "<assets>/");
    case "tensor": {
      const data = Array.from(value.value.data as ArrayLike<unknown>).slice(0, 3);
      return `${value.value.dtype}${JSON.stringify(value.value.shape)}${JSON.stringify(data)}`.replace(
        /\/cns\/[^"]*\/assets\//g,
        "<assets>/",
      );
    }
    case "list":
      return JSON.stringify({
        ...value.value,
        s: value.value.s.map((s) => Buffer.from(s).toString()),
        tensor: [],
      });
    case "func":
      return value.value.name;
    default:
      return JSON.stringify(value.value);
  }
}

/** name = op(inputs) attrs, one line per node, without bookkeeping attributes. */
function topology(nodes: NodeDef[]): string[] {
  return nodes.map((n) => {
    const attrs = Object.entries(n.attr)
      .filter(([k]) => !BOOKKEEPING.has(k))
      .map(([k, v]) => `${k}=${describeAttr(v)}`)
      .sort();
    return `${n.name} = ${n.op}(${n.inputs.join(", ")}) ${attrs.join(" ")}`;
  });
}

function vocabulary(dir: string, feature: string): string[] {
  const text = readFileSync(join(dir, "assets", `${feature}.txt`), "utf8");
  return text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
}

function numbers(bundle: SavedModelBundle, name: string): number[] {
  return Array.from(bundle.variables.get(name)?.data as Float64Array);
}

interface Expectation {
  model: string;
  protocol: string;
  instances: Record<string, string | number>[];
  predictions?: unknown[];
}

function expectations(model: string): Expectation[] {
  return (sharedExpectations() as Expectation[]).filter((e) => e.model === model && e.predictions);
}

describe.runIf(haveSharedModels("model builder against real exports"))(
  "model builder vs real exports",
  () => {
    it("builds tip_model/tf2.21's linear_reg graph node for node, and its closed form meets the oracle", async () => {
      const dir = sharedModel("tip_model/tf2.21");
      const real = await readSavedModel(dir);
      const features: FeatureSpec[] = [
        ...["DOLocationID", "PULocationID", "payment_type"].map(
          (name): FeatureSpec => ({ name, kind: "string", vocabulary: vocabulary(dir, name) }),
        ),
        ...["fare_amount", "passenger_count", "tolls_amount", "trip_distance"].map(
          (name): FeatureSpec => ({ name, kind: "numeric", dtype: "DT_DOUBLE" }),
        ),
      ];
      const spec: LinearRegSpec = {
        features,
        weights: numbers(real, "weights"),
        intercept: numbers(real, "intercept")[0] as number,
        outputName: "predicted_tip_amount",
      };
      const built = linearRegContents(spec).metaGraph;
      expect(topology(built.graph.nodes)).toEqual(topology(real.metaGraph.graph.nodes));
      expect(built.signatures).toEqual(real.metaGraph.signatures);
      expect(built.collections).toEqual(real.metaGraph.collections);
      expect(built.assetFiles).toEqual(real.metaGraph.assetFiles);
      const cases = expectations("tip_model/tf2.21");
      expect(cases.length).toBeGreaterThan(0);
      for (const { instances, predictions } of cases) {
        instances.forEach((instance, i) => {
          const expected = ((predictions ?? [])[i] as number[])[0] as number;
          const actual = closedFormLinear(spec, instance);
          expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));
        });
      }
    });

    it("builds iris_logistic_reg's graph and StatelessIf branches node for node, and its closed form meets the oracle", async () => {
      const real = await readSavedModel(sharedModel("iris_logistic_reg"));
      const spec: LogisticRegSpec = {
        features: ["sepal_length", "sepal_width", "petal_length", "petal_width"].map(
          (name): FeatureSpec => ({ name, kind: "numeric", dtype: "DT_FLOAT" }),
        ),
        classes: ["virginica", "versicolor", "setosa"],
        weights: [numbers(real, "0_weight"), numbers(real, "2_weight"), numbers(real, "4_weight")],
        intercepts: ["1_weight", "3_weight", "5_weight"].map((k) => numbers(real, k)[0] as number),
        labelName: "species",
      };
      const built = logisticRegContents(spec).metaGraph;
      expect(topology(built.graph.nodes)).toEqual(topology(real.metaGraph.graph.nodes));
      const functions = (fs: typeof built.graph.library) =>
        fs
          .map((f) => ({ ...f, nodes: topology(f.nodes), attr: Object.keys(f.attr) }))
          .sort((a, b) => (a.name < b.name ? -1 : 1));
      expect(functions(built.graph.library)).toEqual(functions(real.metaGraph.graph.library));
      expect(built.signatures).toEqual(real.metaGraph.signatures);
      for (const { instances, predictions } of expectations("iris_logistic_reg")) {
        instances.forEach((instance, i) => {
          const expected = predictions?.[i] as { predicted_species: string[]; species_probs: number[] };
          const actual = closedFormLogistic(spec, instance);
          expect([actual.predicted]).toEqual(expected.predicted_species);
          for (const [k, p] of actual.probs.entries()) {
            expect(Math.abs(p - (expected.species_probs[k] as number))).toBeLessThan(1e-6);
          }
        });
      }
    });
  },
);
