import type { ByteCursor } from "./byte-cursor.js";

/** One regression tree as stored: per-node arrays in file order (node 0 is the root). */
export interface BoosterTree {
  numNodes: number;
  /** Left child index, -1 for a leaf. */
  left: Int32Array;
  /** Right child index, -1 for a leaf. */
  right: Int32Array;
  /** Split feature index (the low 31 bits of sindex). */
  splitIndex: Int32Array;
  /** 1 when a missing value goes left (the top bit of sindex). */
  defaultLeft: Uint8Array;
  /** Split condition for an inner node, leaf value for a leaf (float32). */
  value: Float32Array;
}

const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const STAT_BYTES = 16;

/**
 * Reads `count` trees: TreeParam, nodes, node stats. Checks every child index and split feature, and that
 * each tree is a tree (every node reached once from the root), so evaluation can never loop or read
 * outside the row.
 */
export function readTrees(c: ByteCursor, count: number, numFeature: number): BoosterTree[] {
  const trees: BoosterTree[] = [];
  for (let t = 0; t < count; t++) {
    c.need(TREE_PARAM_BYTES, `TreeParam of tree ${t}`);
    const param = c.take(TREE_PARAM_BYTES, `TreeParam of tree ${t}`);
    const numRoots = param.getInt32(0, true);
    const numNodes = param.getInt32(4, true);
    const sizeLeafVector = param.getInt32(20, true);
    if (numRoots !== 1) throw c.corrupt(`tree ${t} declares ${numRoots} roots (XGBoost writes 1)`);
    if (numNodes < 1 || numNodes * (NODE_BYTES + STAT_BYTES) > c.remaining) {
      throw c.corrupt(
        `tree ${t} declares ${numNodes} nodes (${describeBytes(numNodes)}) but the file has ${c.remaining} bytes left`,
      );
    }
    if (sizeLeafVector !== 0) throw c.corrupt(`tree ${t} has size_leaf_vector ${sizeLeafVector}`);
    const tree = readNodes(c, t, numNodes);
    c.skip(numNodes * STAT_BYTES, `the node statistics of tree ${t}`);
    checkIsTree(c, t, tree, numFeature);
    trees.push(tree);
  }
  return trees;
}

function readNodes(c: ByteCursor, t: number, numNodes: number): BoosterTree {
  const nodes = c.take(numNodes * NODE_BYTES, `the nodes of tree ${t}`);
  const tree: BoosterTree = {
    numNodes,
    left: new Int32Array(numNodes),
    right: new Int32Array(numNodes),
    splitIndex: new Int32Array(numNodes),
    defaultLeft: new Uint8Array(numNodes),
    value: new Float32Array(numNodes),
  };
  for (let n = 0; n < numNodes; n++) {
    const at = n * NODE_BYTES;
    const left = nodes.getInt32(at + 4, true);
    const right = nodes.getInt32(at + 8, true);
    const sindex = nodes.getUint32(at + 12, true);
    tree.left[n] = left;
    tree.right[n] = right;
    tree.splitIndex[n] = sindex & 0x7fffffff;
    tree.defaultLeft[n] = sindex >>> 31;
    tree.value[n] = nodes.getFloat32(at + 16, true);
  }
  return tree;
}

/**
 * Walks the nodes reachable from the root (deleted nodes are not): valid children and split features,
 * each node reached exactly once (no cycles, no shared children).
 */
function checkIsTree(c: ByteCursor, t: number, tree: BoosterTree, numFeature: number): void {
  const { numNodes } = tree;
  const seen = new Uint8Array(numNodes);
  const stack = [0];
  seen[0] = 1;
  while (stack.length > 0) {
    const n = stack.pop()!;
    const left = tree.left[n]!;
    const right = tree.right[n]!;
    if (left === -1) continue;
    if (left <= 0 || left >= numNodes || right <= 0 || right >= numNodes) {
      throw c.corrupt(`tree ${t} node ${n} points to children ${left} and ${right} of ${numNodes} nodes`);
    }
    if (tree.splitIndex[n]! >= numFeature) {
      throw c.corrupt(
        `tree ${t} node ${n} splits on feature ${tree.splitIndex[n]} but the model has ${numFeature}`,
      );
    }
    for (const child of [left, right]) {
      if (seen[child]) throw c.corrupt(`tree ${t} reaches node ${child} twice (a cycle or a shared child)`);
      seen[child] = 1;
      stack.push(child);
    }
  }
}

function describeBytes(numNodes: number): string {
  const bytes = numNodes * (NODE_BYTES + STAT_BYTES);
  if (numNodes > 0 && Number.isInteger(Math.log2(numNodes)))
    return `2^${Math.log2(numNodes)}, ${bytes} bytes`;
  return `${bytes} bytes`;
}
