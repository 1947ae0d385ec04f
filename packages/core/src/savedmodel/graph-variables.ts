import type { Tensor } from "../protocol/tensor.js";
import { allocate, shapeSize } from "../protocol/tensor.js";
import { modelFormatInvalid } from "./model-error.js";
import type { MetaGraph, NodeDef } from "./types.js";

const VARIABLE_OPS = new Set(["VarHandleOp", "VariableV2", "Variable"]);
const ASSIGN_OPS = new Set(["Assign", "AssignVariableOp"]);

/**
 * The value of every variable node of the graph (VarHandleOp / VariableV2), keyed by node name.
 * Follows the saver's RestoreV2 ops: output i restores checkpoint key tensor_names[i], sliced by
 * shape_and_slices[i] ("18 67 0,18:0,67"), into the variable its Assign / AssignVariableOp targets
 * (through Identity nodes). That is how a TF1 `dnn/hiddenlayer_0/kernel/part_0` gets the checkpoint's
 * `dnn/hiddenlayer_0/kernel`. Variables no restore op reaches fall back to the checkpoint key equal
 * to their shared_name or node name.
 */
export function graphVariableValues(
  metaGraph: MetaGraph,
  checkpoint: Map<string, Tensor>,
): Map<string, Tensor> {
  const nodes = new Map(metaGraph.graph.nodes.map((n) => [n.name, n]));
  const values = new Map<string, Tensor>();
  for (const node of metaGraph.graph.nodes) {
    if (!ASSIGN_OPS.has(node.op)) continue;
    const [target, value] = node.inputs;
    if (!target || !value || !VARIABLE_OPS.has(nodes.get(target)?.op ?? "")) continue;
    const source = restoreSource(value, nodes);
    if (!source) continue;
    const restored = restoredValue(source.restore, source.index, nodes, checkpoint);
    if (restored) values.set(target, restored);
  }
  for (const node of metaGraph.graph.nodes) {
    if (!VARIABLE_OPS.has(node.op) || values.has(node.name)) continue;
    const shared = node.attr.shared_name;
    const key =
      shared?.kind === "s" && shared.value.length > 0 ? new TextDecoder().decode(shared.value) : node.name;
    const value = checkpoint.get(key) ?? checkpoint.get(node.name);
    if (value) values.set(node.name, value);
  }
  return values;
}

/** Walks Identity nodes back from an input to a RestoreV2 output. */
function restoreSource(
  input: string,
  nodes: Map<string, NodeDef>,
): { restore: NodeDef; index: number } | undefined {
  let current = input;
  for (let hops = 0; hops < 16; hops++) {
    const [name = "", port = "0"] = current.split(":");
    const node = nodes.get(name);
    if (!node) return undefined;
    if (node.op === "RestoreV2") return { restore: node, index: Number(port) };
    if (node.op !== "Identity" || !node.inputs[0]) return undefined;
    current = node.inputs[0];
  }
  return undefined;
}

function restoredValue(
  restore: NodeDef,
  index: number,
  nodes: Map<string, NodeDef>,
  checkpoint: Map<string, Tensor>,
): Tensor | undefined {
  const names = constStrings(nodes.get(restore.inputs[1] ?? ""));
  const specs = constStrings(nodes.get(restore.inputs[2] ?? ""));
  const key = names?.[index];
  if (key === undefined) return undefined;
  const full = checkpoint.get(key);
  const spec = specs?.[index] ?? "";
  if (!full || spec === "") return full;
  return sliceBySpec(full, spec, key);
}

function constStrings(node: NodeDef | undefined): string[] | undefined {
  const value = node?.op === "Const" ? node.attr.value : undefined;
  return value?.kind === "tensor" && Array.isArray(value.value.data) ? value.value.data : undefined;
}

/** Applies a shape_and_slices spec ("<full dims> <start,length|->:...") to a checkpoint tensor. */
function sliceBySpec(full: Tensor, spec: string, key: string): Tensor {
  const parts = spec.trim().split(" ");
  const extents = (parts.pop() ?? "").split(":");
  const dims = parts.map(Number);
  const sameShape = dims.length === full.shape.length && dims.every((d, i) => d === full.shape[i]);
  if (!sameShape || extents.length !== dims.length) {
    throw modelFormatInvalid(
      "saved_model.pb",
      `restore spec "${spec}" does not fit variable "${key}" [${full.shape}]`,
    );
  }
  const starts: number[] = [];
  const lengths: number[] = [];
  extents.forEach((extent, d) => {
    const [start, length] = extent === "-" ? [0, dims[d] as number] : extent.split(",").map(Number);
    if (
      start === undefined ||
      length === undefined ||
      !(start >= 0 && length >= 0 && start + length <= (dims[d] as number))
    ) {
      throw modelFormatInvalid(
        "saved_model.pb",
        `restore spec "${spec}" of variable "${key}" is out of range`,
      );
    }
    starts.push(start);
    lengths.push(length);
  });
  if (starts.every((s) => s === 0) && lengths.every((l, d) => l === dims[d])) return full;
  return extract(full, starts, lengths);
}

function extract(full: Tensor, starts: number[], lengths: number[]): Tensor {
  const count = shapeSize(lengths);
  const data = allocate(full.dtype, count);
  const index = new Array<number>(lengths.length).fill(0);
  for (let i = 0; i < count; i++) {
    let flat = 0;
    for (let d = 0; d < lengths.length; d++) {
      flat = flat * (full.shape[d] as number) + (starts[d] as number) + (index[d] as number);
    }
    (data as unknown[])[i] = (full.data as unknown as unknown[])[flat];
    for (let d = lengths.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (lengths[d] as number)) break;
      index[d] = 0;
    }
  }
  return { dtype: full.dtype, shape: lengths, data };
}
