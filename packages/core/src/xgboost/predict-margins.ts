import type { Forest } from "./forest.js";

/**
 * Sums the trees for `rows` rows of encoded features (row-major, `forest.numFeature` float32 columns per
 * row, NaN = missing) into `out` (rows x numGroup margins), starting from `baseMargin`.
 *
 * Arithmetic as XGBoost's CPU predictor does it: features and leaf values are float32, a split sends
 * `x < condition` left, a missing value takes the node's default direction, and every tree's leaf is
 * added to the float32 running sum in tree order (the Float32Array store rounds each addition).
 */
export function predictMargins(
  forest: Forest,
  features: Float32Array,
  rows: number,
  baseMargin: number,
  out: Float32Array = new Float32Array(rows * forest.numGroup),
): Float32Array {
  const { feature, value, left, right, missing, roots, groups, weights, numFeature, numGroup } = forest;
  const numTrees = roots.length;
  out.fill(baseMargin, 0, rows * numGroup);
  for (let r = 0; r < rows; r++) {
    const row = r * numFeature;
    const o = r * numGroup;
    for (let t = 0; t < numTrees; t++) {
      let n = roots[t]!;
      let f = feature[n]!;
      while (f >= 0) {
        const x = features[row + f]!;
        // x !== x only for NaN, a missing value (cheaper than Number.isNaN in this loop).
        // biome-ignore lint/suspicious/noSelfCompare: the NaN test
        n = x !== x ? missing[n]! : x < value[n]! ? left[n]! : right[n]!;
        f = feature[n]!;
      }
      const w = weights[t]!;
      const at = o + groups[t]!;
      out[at] = out[at]! + (w === 1 ? value[n]! : Math.fround(w * value[n]!));
    }
  }
  return out;
}
