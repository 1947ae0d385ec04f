import type { TreeSpec } from "./booster-spec.js";

export interface RandomTreesOptions {
  random: () => number;
  numTrees: number;
  numFeature: number;
  maxDepth: number;
  /** Output groups; tree i goes to group i % numGroup, as XGBoost builds multi-class boosters. */
  numGroup?: number;
  /** Split thresholds are drawn from this range (default [-1, 11]). */
  thresholdRange?: [number, number];
}

/** Random trees: splits on random features with float32 thresholds, random default directions and leaves. */
export function randomTrees(options: RandomTreesOptions): { group: number; root: TreeSpec }[] {
  const { random, numTrees, numFeature, maxDepth, numGroup = 1 } = options;
  const [lo, hi] = options.thresholdRange ?? [-1, 11];
  const grow = (depth: number): TreeSpec => {
    if (depth >= maxDepth || (depth > 0 && random() < 0.25)) {
      return { leaf: Math.fround((random() - 0.5) * 2) };
    }
    return {
      feature: Math.floor(random() * numFeature),
      // Half-integers often, so label-encoded and one-hot columns split meaningfully.
      threshold:
        random() < 0.5 ? Math.floor(lo + random() * (hi - lo)) + 0.5 : Math.fround(lo + random() * (hi - lo)),
      defaultLeft: random() < 0.5,
      left: grow(depth + 1),
      right: grow(depth + 1),
    };
  };
  return Array.from({ length: numTrees }, (_, i) => ({ group: i % numGroup, root: grow(0) }));
}
