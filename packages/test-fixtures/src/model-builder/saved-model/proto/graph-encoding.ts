import type { ArgDef, AttrValue, FunctionDef, GraphDef, NameAttrList, NodeDef } from "@bqdeploy/core";
import { dtypeNumber } from "@bqdeploy/core";
import type { BinaryWriter } from "@bufbuild/protobuf/wire";
import { WireType } from "@bufbuild/protobuf/wire";
import { writeShape, writeTensor } from "./tensor-encoding.js";

const LEN = WireType.LengthDelimited;

/** GraphDef: node (1), library (2: { function = 1 }), versions (4: { producer = 1 }). */
export function writeGraph(w: BinaryWriter, graph: GraphDef): void {
  for (const node of graph.nodes) nested(w, 1, () => writeNode(w, node));
  if (graph.library.length > 0) {
    nested(w, 2, () => {
      for (const fn of graph.library) nested(w, 1, () => writeFunction(w, fn));
    });
  }
  if (graph.producerVersion !== undefined) {
    const producer = graph.producerVersion;
    nested(w, 4, () => w.tag(1, WireType.Varint).int32(producer));
  }
}

/** NodeDef: name (1), op (2), input (3), device (4), attr (5). */
export function writeNode(w: BinaryWriter, node: NodeDef): void {
  w.tag(1, LEN).string(node.name);
  w.tag(2, LEN).string(node.op);
  for (const input of node.inputs) w.tag(3, LEN).string(input);
  if (node.device) w.tag(4, LEN).string(node.device);
  writeAttrMap(w, 5, node.attr);
}

function writeFunction(w: BinaryWriter, fn: FunctionDef): void {
  nested(w, 1, () => {
    w.tag(1, LEN).string(fn.name);
    for (const arg of fn.inputArgs) nested(w, 2, () => writeArg(w, arg));
    for (const arg of fn.outputArgs) nested(w, 3, () => writeArg(w, arg));
  });
  for (const node of fn.nodes) nested(w, 3, () => writeNode(w, node));
  writeStringMap(w, 4, fn.ret);
  writeAttrMap(w, 5, fn.attr);
  writeStringMap(w, 6, fn.controlRet);
}

function writeArg(w: BinaryWriter, arg: ArgDef): void {
  w.tag(1, LEN).string(arg.name);
  if (arg.type !== undefined) w.tag(3, WireType.Varint).int32(dtypeNumber(arg.type));
  if (arg.typeAttr) w.tag(4, LEN).string(arg.typeAttr);
  if (arg.numberAttr) w.tag(5, LEN).string(arg.numberAttr);
  if (arg.typeListAttr) w.tag(6, LEN).string(arg.typeListAttr);
}

export function writeStringMap(w: BinaryWriter, field: number, map: Record<string, string>): void {
  for (const [key, value] of Object.entries(map)) {
    nested(w, field, () => {
      w.tag(1, LEN).string(key);
      w.tag(2, LEN).string(value);
    });
  }
}

function writeAttrMap(w: BinaryWriter, field: number, attrs: Record<string, AttrValue>): void {
  for (const [key, value] of Object.entries(attrs)) {
    nested(w, field, () => {
      w.tag(1, LEN).string(key);
      nested(w, 2, () => writeAttr(w, value));
    });
  }
}

/** AttrValue: list (1), s (2), i (3), f (4), b (5), type (6), shape (7), tensor (8), placeholder (9), func (10). */
export function writeAttr(w: BinaryWriter, attr: AttrValue): void {
  switch (attr.kind) {
    case "s":
      w.tag(2, LEN).bytes(attr.value);
      return;
    case "i":
      w.tag(3, WireType.Varint).int64(attr.value);
      return;
    case "f":
      w.tag(4, WireType.Bit32).float(attr.value);
      return;
    case "b":
      w.tag(5, WireType.Varint).bool(attr.value);
      return;
    case "type":
      w.tag(6, WireType.Varint).int32(dtypeNumber(attr.value));
      return;
    case "shape": {
      const shape = attr.value;
      nested(w, 7, () => writeShape(w, shape));
      return;
    }
    case "tensor": {
      const tensor = attr.value;
      nested(w, 8, () => writeTensor(w, tensor));
      return;
    }
    case "placeholder":
      w.tag(9, LEN).string(attr.value);
      return;
    case "func": {
      const func = attr.value;
      nested(w, 10, () => writeNameAttrList(w, func));
      return;
    }
    case "list": {
      const list = attr.value;
      nested(w, 1, () => {
        for (const s of list.s) w.tag(2, LEN).bytes(s);
        packed(w, 3, list.i, (v) => w.int64(v));
        if (list.f.length) {
          w.tag(4, LEN).fork();
          for (const v of list.f) w.float(v);
          w.join();
        }
        packed(w, 5, list.b, (v) => w.bool(v));
        packed(w, 6, list.type, (v) => w.int32(dtypeNumber(v)));
        for (const shape of list.shape) nested(w, 7, () => writeShape(w, shape));
        for (const tensor of list.tensor) nested(w, 8, () => writeTensor(w, tensor));
        for (const func of list.func) nested(w, 9, () => writeNameAttrList(w, func));
      });
    }
  }
}

function writeNameAttrList(w: BinaryWriter, func: NameAttrList): void {
  w.tag(1, LEN).string(func.name);
  writeAttrMap(w, 2, func.attr);
}

function packed<T>(w: BinaryWriter, field: number, values: T[], write: (v: T) => void): void {
  if (values.length === 0) return;
  w.tag(field, LEN).fork();
  for (const v of values) write(v);
  w.join();
}

/** Writes a length-delimited sub-message at `field`. */
export function nested(w: BinaryWriter, field: number, body: () => void): void {
  w.tag(field, LEN).fork();
  body();
  w.join();
}
