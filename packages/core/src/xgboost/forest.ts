import type { LegacyBooster } from "./legacy-booster.js";

/**
 * All trees of a booster flattened into typed arrays for a tight evaluation loop. Node indexes are
 * absolute (tree offsets added). A leaf has `feature` -1 and its value in `value`; an inner node has its
 * split condition in `value` and `missing` holds the child a missing value goes to.
 */
export interface Forest {
  numFeature: number;
  numGroup: number;
  feature: Int32Array;
  value: Float32Array;
  left: Int32Array;
  right: Int32Array;
  missing: Int32Array;
  /** Root node of each tree. */
  roots: Int32Array;
  /** Output group of each tree. */
  groups: Int32Array;
  /** Weight of each tree (1 for gbtree; DART's weight_drop). */
  weights: Float32Array;
}

/**
 * The trees XGBoost predicts with: whole boosting rounds only (num_output_group x num_parallel_tree
 * trees each); XGBoost ignores trailing trees of an incomplete round, and so do we.
 */
export function usableTreeCount(booster: LegacyBooster): number {
  const perRound = booster.numOutputGroup * booster.numParallelTree;
  return Math.floor(booster.trees.length / perRound) * perRound;
}

/** Flattens a booster's trees (already validated by the reader) into a Forest. */
export function flattenForest(booster: LegacyBooster): Forest {
  const trees = booster.trees.slice(0, usableTreeCount(booster));
  let total = 0;
  for (const tree of trees) total += tree.numNodes;
  const forest: Forest = {
    numFeature: booster.numFeature,
    numGroup: booster.numOutputGroup,
    feature: new Int32Array(total),
    value: new Float32Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    missing: new Int32Array(total),
    roots: new Int32Array(trees.length),
    groups: booster.treeInfo.slice(0, trees.length),
    weights: booster.weightDrop
      ? booster.weightDrop.slice(0, trees.length)
      : new Float32Array(trees.length).fill(1),
  };
  let base = 0;
  trees.forEach((tree, t) => {
    forest.roots[t] = base;
    for (let n = 0; n < tree.numNodes; n++) {
      const at = base + n;
      const left = tree.left[n]!;
      forest.value[at] = tree.value[n]!;
      if (left === -1) {
        forest.feature[at] = -1;
        continue;
      }
      const right = tree.right[n]!;
      forest.feature[at] = tree.splitIndex[n]!;
      forest.left[at] = base + left;
      forest.right[at] = base + right;
      forest.missing[at] = base + (tree.defaultLeft[n] ? left : right);
    }
    base += tree.numNodes;
  });
  return forest;
}
