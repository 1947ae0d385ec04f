import { badGraph } from "../tensor/errors.js";

/** One output of one node. */
export interface Endpoint {
  node: string;
  output: number;
}

/** An input of a node after resolution: a node output, an argument of the enclosing function, or a control edge. */
export type ResolvedInput =
  | { kind: "data"; endpoint: Endpoint }
  | { kind: "arg"; index: number }
  | { kind: "control"; node: string };

export function endpointKey(e: Endpoint): string {
  return `${e.node}:${e.output}`;
}

/** Parses a graph tensor name ("compute:0", "x", "x:1") into an endpoint. */
export function parseTensorName(name: string): Endpoint {
  const m = /^(.*):(\d+)$/.exec(name);
  return m ? { node: m[1]!, output: Number(m[2]) } : { node: name, output: 0 };
}

/** Resolves an input string of a top-level GraphDef node: "x", "x:1", "^x". */
export function resolveGraphInput(input: string): ResolvedInput {
  if (input.startsWith("^")) return { kind: "control", node: input.slice(1) };
  return { kind: "data", endpoint: parseTensorName(input) };
}

/**
 * Resolves an input string inside a FunctionDef body: "arg", "node:out_arg:index", "^node".
 * `outputIndex` maps a node's output arg name and index to its flat output position.
 */
export function resolveFunctionInput(
  input: string,
  args: ReadonlyMap<string, number>,
  outputIndex: (node: string, arg: string, index: number) => number,
): ResolvedInput {
  if (input.startsWith("^")) return { kind: "control", node: input.slice(1) };
  const parts = input.split(":");
  if (parts.length === 1) {
    const arg = args.get(input);
    return arg !== undefined
      ? { kind: "arg", index: arg }
      : { kind: "data", endpoint: { node: input, output: 0 } };
  }
  if (parts.length === 2 && /^\d+$/.test(parts[1]!)) {
    const arg = args.get(parts[0]!);
    if (arg !== undefined && parts[1] === "0") return { kind: "arg", index: arg };
    return { kind: "data", endpoint: { node: parts[0]!, output: Number(parts[1]) } };
  }
  if (parts.length === 3 && /^\d+$/.test(parts[2]!)) {
    const node = parts[0]!;
    return { kind: "data", endpoint: { node, output: outputIndex(node, parts[1]!, Number(parts[2])) } };
  }
  throw badGraph(`cannot parse function input "${input}"`);
}
