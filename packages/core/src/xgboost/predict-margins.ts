import type { Forest } from "./forest.js";

/** Rows evaluated together, tree by tree: the tree's nodes stay in cache across the block. */
const BLOCK_ROWS = 64;

/**
 * Sums the trees for `rows` rows of encoded features (row-major, `forest.numFeature` float32 columns per
 * row, NaN = missing) into `out` (rows x numGroup margins), starting from `baseMargin`.
 *
 * Arithmetic as XGBoost's CPU predictor does it: features and leaf values are float32, a split sends
 * `x < condition` left, a missing value takes the node's default direction, and every tree's leaf is
 * added to the float32 running sum in tree order (the Float32Array store rounds each addition). Like
 * XGBoost, rows go in blocks and trees are the outer loop within a block; each row's sum still runs in
 * tree order, so the result is the same as row by row.
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
  for (let start = 0; start < rows; start += BLOCK_ROWS) {
    const end = Math.min(rows, start + BLOCK_ROWS);
    for (let t = 0; t < numTrees; t++) {
      const root = roots[t]!;
      const group = groups[t]!;
      const w = weights[t]!;
      for (let r = start; r < end; r++) {
        const row = r * numFeature;
        let n = root;
        let f = feature[n]!;
        while (f >= 0) {
          const x = features[row + f]!;
          // x !== x only for NaN, a missing value (cheaper than Number.isNaN in this loop).
          // biome-ignore lint/suspicious/noSelfCompare: the NaN test
          n = x !== x ? missing[n]! : x < value[n]! ? left[n]! : right[n]!;
          f = feature[n]!;
        }
        const at = r * numGroup + group;
        out[at] = out[at]! + (w === 1 ? value[n]! : Math.fround(w * value[n]!));
      }
    }
  }
  return out;
}
