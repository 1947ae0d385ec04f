/** A tree node as the builder takes it: a leaf value, or a split with two subtrees. */
export type TreeSpec =
  | { leaf: number }
  | { feature: number; threshold: number; defaultLeft: boolean; left: TreeSpec; right: TreeSpec };

/** Everything the builder writes into a legacy binary model.bst. */
export interface BoosterSpec {
  objective: string;
  /** Stored base_score (for version 0 files: already on the margin scale). */
  baseScore: number;
  numFeature: number;
  /** num_class (0 for regression and binary). */
  numClass?: number;
  /** Output groups (num_class for multi:*, else 1). */
  numGroup?: number;
  booster?: "gbtree" | "dart";
  trees: { group: number; root: TreeSpec }[];
  /** DART tree weights. */
  weightDrop?: number[];
  /** LearnerModelParam major/minor version (BigQuery ML writes 0.0). */
  version?: [number, number];
  /** Prefix the file with "binf" as some XGBoost versions do. */
  binf?: boolean;
  attributes?: Record<string, string>;
  metrics?: string[];
}
