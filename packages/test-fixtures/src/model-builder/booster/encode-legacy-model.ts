import type { BoosterSpec, TreeSpec } from "./booster-spec.js";

/** Little-endian byte writer that grows as needed. */
class ByteWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes);
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  f32(v: number): void {
    this.ensure(4);
    this.view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  u64(v: number): void {
    this.u32(v % 2 ** 32);
    this.u32(Math.floor(v / 2 ** 32));
  }
  zeros(n: number): void {
    this.ensure(n);
    this.length += n;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  string(s: string): void {
    const b = new TextEncoder().encode(s);
    this.u64(b.length);
    this.raw(b);
  }
  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

interface FlatNode {
  parent: number;
  isLeft: boolean;
  node: TreeSpec;
  left: number;
  right: number;
}

/** Numbers nodes breadth-first from the root (node 0), as XGBoost grows them. */
function numberNodes(root: TreeSpec): FlatNode[] {
  const flat: FlatNode[] = [{ parent: -1, isLeft: false, node: root, left: -1, right: -1 }];
  for (let i = 0; i < flat.length; i++) {
    const entry = flat[i]!;
    if ("leaf" in entry.node) continue;
    entry.left = flat.length;
    flat.push({ parent: i, isLeft: true, node: entry.node.left, left: -1, right: -1 });
    entry.right = flat.length;
    flat.push({ parent: i, isLeft: false, node: entry.node.right, left: -1, right: -1 });
  }
  return flat;
}

/** Writes XGBoost's legacy binary model format (what BigQuery ML exports as model.bst). */
export function encodeLegacyBooster(spec: BoosterSpec): Uint8Array {
  const w = new ByteWriter();
  const attributes = Object.entries(spec.attributes ?? {});
  const metrics = spec.metrics ?? [];
  const booster = spec.booster ?? "gbtree";
  if (spec.binf) w.raw(new TextEncoder().encode("binf"));
  // LearnerModelParam: 136 bytes.
  w.f32(spec.baseScore);
  w.u32(spec.numFeature);
  w.i32(spec.numClass ?? 0);
  w.i32(attributes.length > 0 ? 1 : 0);
  w.i32(metrics.length > 0 ? 1 : 0);
  w.u32(spec.version?.[0] ?? 0);
  w.u32(spec.version?.[1] ?? 0);
  w.zeros(136 - 28);
  w.string(spec.objective);
  w.string(booster);
  // GBTreeModelParam: 160 bytes.
  w.i32(spec.trees.length);
  w.i32(1);
  w.i32(spec.numFeature);
  w.i32(0);
  w.u64(0);
  w.i32(spec.numGroup ?? 1);
  w.i32(0);
  w.zeros(160 - 32);
  for (const { root } of spec.trees) writeTree(w, root, spec.numFeature);
  for (const { group } of spec.trees) w.i32(group);
  if (booster === "dart" && spec.trees.length > 0) {
    const weights = spec.weightDrop ?? spec.trees.map(() => 1);
    w.u64(weights.length);
    for (const x of weights) w.f32(x);
  }
  if (attributes.length > 0) {
    w.u64(attributes.length);
    for (const [k, v] of attributes) {
      w.string(k);
      w.string(v);
    }
  }
  if (metrics.length > 0) {
    w.u64(metrics.length);
    for (const m of metrics) w.string(m);
  }
  return w.result();
}

function writeTree(w: ByteWriter, root: TreeSpec, numFeature: number): void {
  const nodes = numberNodes(root);
  // TreeParam: 148 bytes.
  w.i32(1);
  w.i32(nodes.length);
  w.i32(0);
  w.i32(0);
  w.i32(numFeature);
  w.i32(0);
  w.zeros(148 - 24);
  for (const n of nodes) {
    // parent_ carries "is a left child" in its top bit.
    w.i32(n.parent === -1 ? -1 : n.parent | (n.isLeft ? 0x80000000 : 0));
    w.i32(n.left);
    w.i32(n.right);
    if ("leaf" in n.node) {
      w.u32(0);
      w.f32(n.node.leaf);
    } else {
      w.u32((n.node.feature | (n.node.defaultLeft ? 0x80000000 : 0)) >>> 0);
      w.f32(n.node.threshold);
    }
  }
  // RTreeNodeStat: loss_chg, sum_hess, base_weight, leaf_child_cnt (unused by prediction).
  for (let i = 0; i < nodes.length; i++) {
    w.f32(0);
    w.f32(1);
    w.f32(0);
    w.i32(0);
  }
}
