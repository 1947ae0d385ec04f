import { haveSharedModels, sharedExpectations, sharedModel } from "@bqdeploy/test-fixtures";
import { describe, expect, it } from "vitest";
import { loadBoosterModel } from "./booster-servable.js";

interface Expectation {
  model: string;
  protocol: string;
  instances: unknown[];
  predictions: unknown[];
  tolerance: number;
}

const BOOSTERS = /^(boosted_tree_|random_forest_)/;

function boosterExpectations(): Expectation[] {
  return (sharedExpectations() as Expectation[]).filter((e) => BOOSTERS.test(e.model));
}

/** Checks only what the golden entry holds (Google's test asserts some fields of some rows). */
function expectClose(actual: unknown, expected: unknown, tolerance: number, path: string): void {
  if (typeof expected === "number") {
    expect(typeof actual, path).toBe("number");
    // absltest's assertAlmostEqual: round(abs(a - b), 7) == 0.
    expect(Math.abs((actual as number) - expected), path).toBeLessThanOrEqual(tolerance);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    for (const [i, e] of expected.entries())
      expectClose((actual as unknown[])[i], e, tolerance, `${path}[${i}]`);
  } else if (typeof expected === "object" && expected !== null) {
    for (const [key, e] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[key], e, tolerance, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe.runIf(haveSharedModels("booster golden values"))("BigQuery ML booster exports", () => {
  const entries = boosterExpectations();

  it("covers every boosted_tree_* / random_forest_* entry of expected.json", () => {
    expect(entries.map((e) => e.model).sort()).toEqual([
      "boosted_tree_classifier",
      "boosted_tree_regressor",
      "random_forest_regressor",
    ]);
  });

  for (const entry of entries) {
    it(`${entry.model}: predicts Google's golden values within ${entry.tolerance}`, async () => {
      const servable = await loadBoosterModel(sharedModel(entry.model));
      const predictions = await servable.predictInstances(entry.instances);
      expect(predictions).toHaveLength(entry.instances.length);
      expectClose(predictions, entry.predictions, entry.tolerance, entry.model);
    });
  }
});
