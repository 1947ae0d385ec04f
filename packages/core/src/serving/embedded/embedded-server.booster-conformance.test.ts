import { cp } from "node:fs/promises";
import {
  type BoosterExportSpec,
  type BuilderFeature,
  encodedWidth,
  haveSharedModels,
  randomTrees,
  seededRandom,
  sharedModel,
  writeBoosterExport,
} from "@bqdeploy/test-fixtures";
import {
  boosterConformanceModel,
  describeTfServingConformance,
  type Instance,
} from "@bqdeploy/test-fixtures/conformance";
import { describe } from "vitest";
import { embeddedTarget, golden } from "./__tests__/conformance-repo.js";

// The conformance suite against BigQuery ML boosters served by the embedded runtime: boosters written by
// the model builder (always), and the real exports in ../shared/models when present.

const FEATURES: BuilderFeature[] = [
  { name: "distance", kind: "numeric", mean: 4 },
  { name: "zone", kind: "label", vocabulary: ["_null_filler", "north", "south", "east"] },
  { name: "payment", kind: "one_hot", vocabulary: ["_null_filler", "card", "cash"] },
  { name: "tags", kind: "multi_hot", vocabulary: ["_null_filler", "airport", "night", "rush"] },
];

const INSTANCES: [Instance, ...Instance[]] = [
  { distance: 3.5, zone: "south", payment: "card", tags: ["night"] },
  { distance: 12, zone: "east", payment: "cash", tags: ["airport", "rush"] },
  { distance: 0.5, zone: "north", payment: "card", tags: ["rush", "night", "airport"] },
];

/** A built booster over FEATURES: 3-class softprob when `classes` is given, else reg:linear. */
function builtBooster(seed: number, classes?: string[]): BoosterExportSpec {
  const width = FEATURES.reduce((n, f) => n + encodedWidth(f), 0);
  const groups = classes?.length ?? 1;
  return {
    modelType: classes ? "boosted_tree_classifier" : "boosted_tree_regressor",
    labelCol: "fare_class",
    ...(classes ? { classNames: classes } : {}),
    features: FEATURES,
    booster: {
      objective: classes ? "multi:softprob" : "reg:linear",
      baseScore: classes ? 0 : 0.5,
      numFeature: width,
      numClass: classes ? groups : 0,
      numGroup: groups,
      trees: randomTrees({
        random: seededRandom(seed),
        numTrees: 6 * groups,
        numFeature: width,
        maxDepth: 4,
        numGroup: groups,
      }),
    },
  };
}

for (const [name, spec] of [
  ["built_classifier", builtBooster(11, ["low", "mid", "high"])],
  ["built_regressor", builtBooster(12)],
] as const) {
  describeTfServingConformance(`TF Serving conformance: the embedded runtime serving a ${name} booster`, () =>
    embeddedTarget(
      boosterConformanceModel({ name, ...spec, instances: INSTANCES }),
      (dir) => writeBoosterExport(dir, spec),
      true,
    ),
  );
}

const SHARED: {
  folder: string;
  modelType: BoosterExportSpec["modelType"];
  classNames?: string[];
  f2: BuilderFeature["kind"];
  versioned: boolean;
}[] = [
  {
    folder: "boosted_tree_classifier",
    modelType: "boosted_tree_classifier",
    classNames: ["3", "2", "1"],
    f2: "multi_hot",
    versioned: true,
  },
  { folder: "boosted_tree_regressor", modelType: "boosted_tree_regressor", f2: "multi_hot", versioned: true },
  // Only version 1, no models.config: the suite's version and label cases skip.
  { folder: "random_forest_regressor", modelType: "random_forest_regressor", f2: "label", versioned: false },
];

describe.runIf(haveSharedModels("conformance of the embedded runtime serving real booster exports"))(
  "shared booster exports",
  () => {
    for (const shared of SHARED) {
      describeTfServingConformance(
        `TF Serving conformance: the embedded runtime serving ${shared.folder}`,
        () =>
          embeddedTarget(
            boosterConformanceModel({
              name: shared.folder,
              modelType: shared.modelType,
              labelCol: "label",
              ...(shared.classNames ? { classNames: shared.classNames } : {}),
              features: [
                { name: "f1", kind: "label" },
                { name: "f2", kind: shared.f2 },
                { name: "f3", kind: "numeric" },
              ],
              ...golden(shared.folder),
            }),
            (dir) => cp(sharedModel(shared.folder), dir, { recursive: true }),
            shared.versioned,
          ),
      );
    }
  },
);
