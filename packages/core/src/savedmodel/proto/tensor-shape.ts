import type { ShapeProto } from "../types.js";
import type { WireReader } from "./wire-reader.js";

/** TensorShapeProto { repeated Dim dim = 2 { int64 size = 1 }; bool unknown_rank = 3 }. */
export function readShape(r: WireReader): ShapeProto {
  const dims: number[] = [];
  let unknownRank = false;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 2 && wire === 2) dims.push(readDim(r.message()));
    else if (field === 3 && wire === 0) unknownRank = r.bool();
    else r.skip(wire);
  }
  return unknownRank ? null : dims;
}

function readDim(r: WireReader): number {
  let size = 0;
  for (let f = r.next(); f; f = r.next()) {
    const [field, wire] = f;
    if (field === 1 && wire === 0) size = r.varint();
    else r.skip(wire);
  }
  return size;
}
