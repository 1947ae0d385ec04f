import { dtypeName } from "../dtype.js";
import type { AttrList, AttrValue, NameAttrList } from "../types.js";
import { readTensorProto } from "./tensor-proto.js";
import { readShape } from "./tensor-shape.js";
import type { WireReader } from "./wire-reader.js";

/**
 * AttrValue: oneof list (1), s (2), i (3), f (4), b (5), type (6), shape (7), tensor (8),
 * placeholder (9), func (10). An empty message reads as an empty list (how TF writes `[]`).
 */
export function readAttrValue(r: WireReader): AttrValue {
  let value: AttrValue = { kind: "list", value: emptyList() };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    switch (field) {
      case 1:
        value = { kind: "list", value: readAttrList(r.message()) };
        break;
      case 2:
        value = { kind: "s", value: new Uint8Array(r.bytes()) };
        break;
      case 3:
        value = { kind: "i", value: r.varint() };
        break;
      case 4:
        value = { kind: "f", value: r.float() };
        break;
      case 5:
        value = { kind: "b", value: r.bool() };
        break;
      case 6:
        value = { kind: "type", value: dtypeName(r.varint()) };
        break;
      case 7:
        value = { kind: "shape", value: readShape(r.message()) };
        break;
      case 8:
        value = { kind: "tensor", value: readTensorProto(r.message()) };
        break;
      case 9:
        value = { kind: "placeholder", value: r.string() };
        break;
      case 10:
        value = { kind: "func", value: readNameAttrList(r.message()) };
        break;
      default:
        r.skip(wire);
    }
  }
  return value;
}

/** A map<string, AttrValue> entry: key (1), value (2). */
export function readAttrEntry(r: WireReader, into: Record<string, AttrValue>): void {
  let key = "";
  let value: AttrValue = { kind: "list", value: emptyList() };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) key = r.string();
    else if (field === 2 && wire === 2) value = readAttrValue(r.message());
    else r.skip(wire);
  }
  into[key] = value;
}

/** NameAttrList: name (1), attr (2). */
export function readNameAttrList(r: WireReader): NameAttrList {
  const out: NameAttrList = { name: "", attr: {} };
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 2) out.name = r.string();
    else if (field === 2 && wire === 2) readAttrEntry(r.message(), out.attr);
    else r.skip(wire);
  }
  return out;
}

function readAttrList(r: WireReader): AttrList {
  const list = emptyList();
  const types: number[] = [];
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    switch (field) {
      case 2:
        list.s.push(new Uint8Array(r.bytes()));
        break;
      case 3:
        r.repeated(wire, 0, (x) => x.varint(), list.i);
        break;
      case 4:
        r.repeated(wire, 5, (x) => x.float(), list.f);
        break;
      case 5: {
        const flags: number[] = [];
        r.repeated(wire, 0, (x) => x.varint(), flags);
        for (const b of flags) list.b.push(b !== 0);
        break;
      }
      case 6:
        r.repeated(wire, 0, (x) => x.varint(), types);
        break;
      case 7:
        list.shape.push(readShape(r.message()));
        break;
      case 8:
        list.tensor.push(readTensorProto(r.message()));
        break;
      case 9:
        list.func.push(readNameAttrList(r.message()));
        break;
      default:
        r.skip(wire);
    }
  }
  list.type = types.map(dtypeName);
  return list;
}

function emptyList(): AttrList {
  return { s: [], i: [], f: [], b: [], type: [], shape: [], tensor: [], func: [] };
}
