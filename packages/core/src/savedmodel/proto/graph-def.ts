import { dtypeName } from "../dtype.js";
import type { ArgDef, FunctionDef, GraphDef, NodeDef } from "../types.js";
import { readAttrEntry } from "./attr-value.js";
import type { WireReader } from "./wire-reader.js";

/** GraphDef: node (1), library (2: FunctionDefLibrary { function = 1 }), versions (4: { producer = 1 }). */
export function readGraphDef(r: WireReader): GraphDef {
  const graph: GraphDef = { nodes: [], library: [] };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) graph.nodes.push(readNodeDef(r.message()));
    else if (field === 2 && wire === 2) readLibrary(r.message(), graph.library);
    else if (field === 4 && wire === 2) graph.producerVersion = readProducer(r.message());
    else r.skip(wire);
  }
  return graph;
}

/** NodeDef: name (1), op (2), input (3), device (4), attr (5). */
export function readNodeDef(r: WireReader): NodeDef {
  const node: NodeDef = { name: "", op: "", inputs: [], device: "", attr: {} };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (wire !== 2) r.skip(wire);
    else if (field === 1) node.name = r.string();
    else if (field === 2) node.op = r.string();
    else if (field === 3) node.inputs.push(r.string());
    else if (field === 4) node.device = r.string();
    else if (field === 5) readAttrEntry(r.message(), node.attr);
    else r.skip(wire);
  }
  return node;
}

function readLibrary(r: WireReader, into: FunctionDef[]): void {
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) into.push(readFunctionDef(r.message()));
    else r.skip(wire);
  }
}

/**
 * FunctionDef: signature (1, OpDef: name 1, input_arg 2, output_arg 3), attr (5), node_def (3),
 * ret (4, map<string, string>), control_ret (6).
 */
function readFunctionDef(r: WireReader): FunctionDef {
  const fn: FunctionDef = {
    name: "",
    inputArgs: [],
    outputArgs: [],
    attr: {},
    nodes: [],
    ret: {},
    controlRet: {},
  };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (wire !== 2) r.skip(wire);
    else if (field === 1) readSignature(r.message(), fn);
    else if (field === 3) fn.nodes.push(readNodeDef(r.message()));
    else if (field === 4) readStringEntry(r.message(), fn.ret);
    else if (field === 5) readAttrEntry(r.message(), fn.attr);
    else if (field === 6) readStringEntry(r.message(), fn.controlRet);
    else r.skip(wire);
  }
  return fn;
}

function readSignature(r: WireReader, fn: FunctionDef): void {
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (wire !== 2) r.skip(wire);
    else if (field === 1) fn.name = r.string();
    else if (field === 2) fn.inputArgs.push(readArgDef(r.message()));
    else if (field === 3) fn.outputArgs.push(readArgDef(r.message()));
    else r.skip(wire);
  }
}

/** ArgDef: name (1), type (3), type_attr (4), number_attr (5), type_list_attr (6). */
function readArgDef(r: WireReader): ArgDef {
  const arg: ArgDef = { name: "" };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) arg.name = r.string();
    else if (field === 3 && wire === 0) arg.type = dtypeName(r.varint());
    else if (field === 4 && wire === 2) arg.typeAttr = r.string();
    else if (field === 5 && wire === 2) arg.numberAttr = r.string();
    else if (field === 6 && wire === 2) arg.typeListAttr = r.string();
    else r.skip(wire);
  }
  return arg;
}

/** A map<string, string> entry: key (1), value (2). */
export function readStringEntry(r: WireReader, into: Record<string, string>): void {
  let key = "";
  let value = "";
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = r.string();
    else r.skip(wire);
  }
  into[key] = value;
}

function readProducer(r: WireReader): number {
  let producer = 0;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 0) producer = r.varint();
    else r.skip(wire);
  }
  return producer;
}
