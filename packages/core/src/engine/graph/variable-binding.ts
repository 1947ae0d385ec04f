import type { Tensor } from "../../protocol/tensor.js";
import type { GraphDef, NodeDef } from "../../savedmodel/types.js";
import { NodeAttrs } from "../kernels/attrs.js";
import { parseTensorName } from "./endpoints.js";

const VARIABLE_OPS = new Set(["VarHandleOp", "VariableV2", "Variable"]);
const ASSIGN_OPS = new Set(["AssignVariableOp", "Assign"]);

/** The strings of a Const node (following Identity), e.g. RestoreV2's tensor_names. */
function constStrings(nodes: Map<string, NodeDef>, input: string | undefined): string[] | undefined {
  let node = input === undefined ? undefined : nodes.get(parseTensorName(input).node);
  while (node?.op === "Identity") node = nodes.get(parseTensorName(node.inputs[0] ?? "").node);
  const value = node?.op === "Const" ? node.attr.value : undefined;
  return value?.kind === "tensor" && Array.isArray(value.value.data) ? value.value.data : undefined;
}

/**
 * Checkpoint key per variable node, read from the restore path: RestoreV2's output k (through
 * Identity) is assigned to a variable handle, and `tensor_names[k]` is that variable's key.
 */
export function restoredNames(graph: GraphDef): Map<string, string> {
  const nodes = new Map(graph.nodes.map((n) => [n.name, n]));
  // Where each value flows: "node:out" -> consumers reading it.
  const consumers = new Map<string, NodeDef[]>();
  for (const node of graph.nodes) {
    for (const input of node.inputs) {
      if (input.startsWith("^")) continue;
      const e = parseTensorName(input);
      const key = `${e.node}:${e.output}`;
      const list = consumers.get(key);
      if (list) list.push(node);
      else consumers.set(key, [node]);
    }
  }
  const names = new Map<string, string>();
  for (const restore of graph.nodes.filter((n) => n.op === "RestoreV2" || n.op === "RestoreSlice")) {
    const tensorNames = constStrings(nodes, restore.inputs[1]);
    if (!tensorNames) continue;
    tensorNames.forEach((name, k) => {
      const queue = [`${restore.name}:${k}`];
      while (queue.length > 0) {
        const key = queue.shift()!;
        for (const consumer of consumers.get(key) ?? []) {
          if (consumer.op === "Identity") queue.push(`${consumer.name}:0`);
          else if (ASSIGN_OPS.has(consumer.op) && consumer.inputs[1] !== undefined) {
            const value = parseTensorName(consumer.inputs[1]);
            if (`${value.node}:${value.output}` === key)
              names.set(parseTensorName(consumer.inputs[0]!).node, name);
          }
        }
      }
    });
  }
  return names;
}

/** The resource key a variable node's kernel uses (shared_name, else the node name). */
export function variableResourceKey(node: NodeDef): string {
  const shared = new NodeAttrs(node.name, node.attr, { shared_name: "" }).string("shared_name");
  return node.op === "VarHandleOp" && shared !== "" ? shared : node.name;
}

/**
 * Binds each variable of the graph to its checkpoint value: by the restore path first, then by
 * shared_name, then by node name. Returns resource key -> value; unbound variables are left out
 * (reading one is a load-time error, since reads fold into constants at load).
 */
export function bindVariables(graph: GraphDef, checkpoint: ReadonlyMap<string, Tensor>): Map<string, Tensor> {
  const restored = restoredNames(graph);
  const bound = new Map<string, Tensor>();
  for (const node of graph.nodes) {
    if (!VARIABLE_OPS.has(node.op)) continue;
    const key = variableResourceKey(node);
    const candidates = [restored.get(node.name), key, node.name];
    const name = candidates.find((c) => c !== undefined && checkpoint.has(c));
    if (name !== undefined) bound.set(key, checkpoint.get(name)!);
  }
  return bound;
}
