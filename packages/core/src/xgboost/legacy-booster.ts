import { BqdeployError } from "../errors/index.js";
import { ByteCursor } from "./byte-cursor.js";
import { readTrees } from "./read-trees.js";
import type { BoosterTree } from "./read-trees.js";

export type { BoosterTree } from "./read-trees.js";

/** What XGBoost's legacy binary `model.bst` holds that prediction needs. */
export interface LegacyBooster {
  /** LearnerModelParam.major_version / minor_version (0.0 for files written before XGBoost 1.0). */
  version: readonly [number, number];
  /** base_score as stored (before 1.0 already on the margin scale; see objective.ts). */
  baseScore: number;
  /** Number of input columns the trees were trained on. */
  numFeature: number;
  /** num_class (0 for regression and binary objectives). */
  numClass: number;
  objective: string;
  /** "gbtree" or "dart". */
  booster: string;
  /** Output groups (classes for multi:*; 1 otherwise). */
  numOutputGroup: number;
  /** Trees per group in one boosting round (GBTreeModelParam's former num_roots slot). */
  numParallelTree: number;
  trees: BoosterTree[];
  /** The output group of each tree. */
  treeInfo: Int32Array;
  /** DART only: each tree's weight. */
  weightDrop?: Float32Array;
  /** Extra attributes saved with the model (contain_extra_attrs). */
  attributes: Record<string, string>;
  /** Evaluation metric names saved with the model. */
  metrics: string[];
}

const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
/** Smallest possible tree: TreeParam + one node + its stats + its tree_info entry. */
const MIN_TREE_BYTES = 148 + 20 + 16 + 4;
const MAX_CLASSES = 1 << 20;

/**
 * Reads XGBoost's legacy binary model format (what BigQuery ML writes as `model.bst`).
 * Every count is checked against the bytes left before anything is allocated: a truncated or corrupt
 * file gives a MODEL_CORRUPT error naming the file and the problem.
 */
export function readLegacyBooster(bytes: Uint8Array, fileName = "model.bst"): LegacyBooster {
  if (bytes.byteLength === 0) throw new ByteCursor(bytes, fileName).corrupt("the file is empty");
  try {
    return readLegacy(bytes, fileName);
  } catch (error) {
    refuseOtherFormats(bytes, fileName);
    throw error;
  }
}

function readLegacy(bytes: Uint8Array, fileName: string): LegacyBooster {
  const c = new ByteCursor(bytes, fileName);
  if (bytes.byteLength >= 4 && ascii(bytes, 0, 4) === "binf") c.skip(4, "the binf prefix");

  const baseScore = c.f32("LearnerModelParam.base_score");
  const numFeature = c.u32("LearnerModelParam.num_feature");
  const numClass = c.i32("LearnerModelParam.num_class");
  const containExtraAttrs = c.i32("LearnerModelParam.contain_extra_attrs");
  const containEvalMetrics = c.i32("LearnerModelParam.contain_eval_metrics");
  const major = c.u32("LearnerModelParam.major_version");
  const minor = c.u32("LearnerModelParam.minor_version");
  c.skip(LEARNER_PARAM_BYTES - 28, "LearnerModelParam (reserved)");
  if (numClass < 0 || numClass > MAX_CLASSES) throw c.corrupt(`num_class is ${numClass}`);
  if (numFeature > 0x7fffffff) throw c.corrupt(`num_feature is ${numFeature}`);

  const objective = c.string("the objective name", 256);
  const booster = c.string("the booster name", 256);
  if (booster !== "gbtree" && booster !== "dart") {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `${fileName}: booster "${booster}" is not supported; only tree boosters (gbtree, dart) can be served. ` +
        "Export a BOOSTED_TREE_* or RANDOM_FOREST_* model.",
      { details: { file: fileName, booster } },
    );
  }

  const numTrees = c.i32("GBTreeModelParam.num_trees");
  const numParallelTree = c.i32("GBTreeModelParam.num_parallel_tree");
  c.skip(4 + 4 + 8, "GBTreeModelParam");
  const numOutputGroup = c.i32("GBTreeModelParam.num_output_group");
  const sizeLeafVector = c.i32("GBTreeModelParam.size_leaf_vector");
  c.skip(GBTREE_PARAM_BYTES - 32, "GBTreeModelParam (reserved)");
  if (numTrees < 0 || numTrees * MIN_TREE_BYTES > c.remaining) {
    throw c.corrupt(`the model declares ${numTrees} trees but the file has ${c.remaining} bytes left`);
  }
  if (numOutputGroup < 1 || numOutputGroup > MAX_CLASSES)
    throw c.corrupt(`num_output_group is ${numOutputGroup}`);
  if (sizeLeafVector !== 0)
    throw c.corrupt(`size_leaf_vector is ${sizeLeafVector} (XGBoost never writes one)`);

  const trees = readTrees(c, numTrees, numFeature);
  const treeInfo = new Int32Array(numTrees);
  c.need(4 * numTrees, "tree_info");
  for (let i = 0; i < numTrees; i++) {
    const group = c.i32("tree_info");
    if (group < 0 || group >= numOutputGroup) {
      throw c.corrupt(`tree ${i} belongs to output group ${group} but the model has ${numOutputGroup}`);
    }
    treeInfo[i] = group;
  }
  const weightDrop = booster === "dart" && numTrees > 0 ? readFloatVector(c, numTrees) : undefined;

  const attributes: Record<string, string> = {};
  if (containExtraAttrs !== 0) {
    const count = c.length64("the attribute count");
    if (count * 16 > c.remaining) throw c.corrupt(`the model declares ${count} attributes`);
    for (let i = 0; i < count; i++)
      attributes[c.string("an attribute name")] = c.string("an attribute value", 1 << 20);
  }
  if (objective === "count:poisson" && c.remaining > 0) c.string("max_delta_step");
  const metrics: string[] = [];
  if (containEvalMetrics !== 0) {
    const count = c.length64("the metric count");
    if (count * 8 > c.remaining) throw c.corrupt(`the model declares ${count} evaluation metrics`);
    for (let i = 0; i < count; i++) metrics.push(c.string("a metric name"));
  }

  return {
    version: [major, minor],
    baseScore,
    numFeature,
    numClass,
    objective,
    booster,
    numOutputGroup,
    numParallelTree,
    trees,
    treeInfo,
    ...(weightDrop ? { weightDrop } : {}),
    attributes,
    metrics,
  };
}

function readFloatVector(c: ByteCursor, expected: number): Float32Array {
  const count = c.length64("the DART weight count");
  if (count !== expected) throw c.corrupt(`the DART weights list ${count} entries for ${expected} trees`);
  c.need(4 * count, "the DART weights");
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = c.f32("a DART weight");
  return out;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/** Called once the legacy reading failed: says so plainly when the file is another XGBoost format. */
function refuseOtherFormats(bytes: Uint8Array, fileName: string): void {
  // JSON and UBJSON models start with "{"; "bs64" is the old base64 wrapping.
  if (bytes[0] === 0x7b || (bytes.byteLength >= 4 && ascii(bytes, 0, 4) === "bs64")) {
    throw new BqdeployError(
      "MODEL_FORMAT_INVALID",
      `${fileName}: this is an XGBoost JSON/UBJSON or base64 model, not the legacy binary format BigQuery ML ` +
        "exports. Export the model again with --destination_format ML_XGBOOST_BOOSTER.",
      { details: { file: fileName } },
    );
  }
}
