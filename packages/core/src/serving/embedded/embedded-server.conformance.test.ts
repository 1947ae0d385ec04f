import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import {
  type ConformanceModel,
  describeTfServingConformance,
  type Instance,
  TIP_MODEL,
} from "@bqdeploy/test-fixtures/conformance";
import { describe } from "vitest";
import { startEmbeddedServer } from "./embedded-server.js";

/** A repository with real exports: tip_model versions 1 and 2 (label stable -> 1) and iris. */
function conformanceRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), "bqdeploy-embedded-"));
  for (const v of ["1", "2"])
    cpSync(sharedModel("tip_model/tf2.21"), join(repo, "tip_model", v), { recursive: true });
  cpSync(sharedModel("iris_logistic_reg"), join(repo, "iris", "1"), { recursive: true });
  writeFileSync(
    join(repo, "models.config"),
    `model_config_list {
  config { name: 'tip_model' base_path: '/models/tip_model' model_platform: 'tensorflow'
    model_version_policy { specific { versions: 1 versions: 2 } }
    version_labels { key: 'stable' value: 1 } }
  config { name: 'iris' base_path: '/models/iris' model_platform: 'tensorflow' }
}
`,
  );
  return repo;
}

/**
 * TIP_MODEL with the six oracle rows of expected.json (the seed request first) and their predictions:
 * the real export must give those values, not only their shapes.
 */
function tipModelWithOracle(): ConformanceModel {
  const entry = (
    sharedExpectations() as {
      model: string;
      protocol: string;
      instances: Instance[];
      predictions: unknown[];
    }[]
  ).find((e) => e.model === "tip_model/tf2.21" && e.protocol === "tf_serving_rest_row")!;
  const [seed, ...rest] = entry.instances;
  return {
    ...TIP_MODEL,
    instances: [seed!, ...rest],
    expected: { predictions: entry.predictions, tolerance: 1e-6 },
  };
}

describe.runIf(haveSharedModels("embedded runtime conformance on real exports"))("embedded runtime", () => {
  describeTfServingConformance("TF Serving conformance: the embedded runtime", async () => {
    const repo = conformanceRepo();
    const server = await startEmbeddedServer({ repo, port: 0, pollSeconds: 0 });
    return {
      baseUrl: server.url,
      model: tipModelWithOracle(),
      versionsAndLabel: true,
      multiOutputModel: "iris",
      close: async () => {
        await server.close();
        rmSync(repo, { recursive: true, force: true });
      },
    };
  });
});
