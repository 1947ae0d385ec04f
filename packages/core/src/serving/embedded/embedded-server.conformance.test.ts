import { rmSync } from "node:fs";
import { haveSharedModels, sharedConformanceRepository, sharedExpectations } from "@bqdeploy/test-fixtures";
import {
  type ConformanceModel,
  describeTfServingConformance,
  type Instance,
  TIP_MODEL,
} from "@bqdeploy/test-fixtures/conformance";
import { describe } from "vitest";
import { startEmbeddedServer } from "./embedded-server.js";

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
    const repo = sharedConformanceRepository("bqdeploy-embedded-");
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
