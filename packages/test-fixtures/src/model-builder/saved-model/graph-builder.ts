import type { AttrValue, DType, NodeDef, ShapeProto, Tensor } from "@bqdeploy/core";

/** Builds a GraphDef's node list with TensorFlow's naming: a taken name gets "_1", "_2", ... */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  private readonly counts = new Map<string, number>();

  /** The name TF would give the next node called `base`. */
  unique(base: string): string {
    const seen = this.counts.get(base);
    this.counts.set(base, (seen ?? 0) + 1);
    if (seen === undefined) return base;
    const name = `${base}_${seen}`;
    this.counts.set(name, 1);
    return name;
  }

  /** Adds a node under exactly `name` (callers use unique() for names that can repeat). */
  add(name: string, op: string, inputs: string[] = [], attr: Record<string, AttrValue> = {}): string {
    this.counts.set(name, this.counts.get(name) ?? 1);
    this.nodes.push({ name, op, inputs, device: "", attr });
    return name;
  }

  /** A Const node holding `tensor`. */
  constant(name: string, tensor: Tensor): string {
    return this.add(name, "Const", [], {
      dtype: attr.type(tensor.dtype),
      value: { kind: "tensor", value: tensor },
    });
  }
}

/** AttrValue constructors. */
export const attr = {
  type: (value: DType): AttrValue => ({ kind: "type", value }),
  i: (value: number): AttrValue => ({ kind: "i", value }),
  b: (value: boolean): AttrValue => ({ kind: "b", value }),
  s: (value: string): AttrValue => ({ kind: "s", value: new TextEncoder().encode(value) }),
  shape: (value: ShapeProto): AttrValue => ({ kind: "shape", value }),
  func: (name: string): AttrValue => ({ kind: "func", value: { name, attr: {} } }),
  list: (value: Partial<Extract<AttrValue, { kind: "list" }>["value"]>): AttrValue => ({
    kind: "list",
    value: { s: [], i: [], f: [], b: [], type: [], shape: [], tensor: [], func: [], ...value },
  }),
};

/** Tensor constructors for graph constants. */
export const tensor = {
  int32: (values: number[], shape: number[] = []): Tensor => ({
    dtype: "DT_INT32",
    shape,
    data: Int32Array.from(values),
  }),
  int64: (values: number[], shape: number[] = []): Tensor => ({
    dtype: "DT_INT64",
    shape,
    data: Float64Array.from(values),
  }),
  float: (values: number[], shape: number[] = []): Tensor => ({
    dtype: "DT_FLOAT",
    shape,
    data: Float32Array.from(values),
  }),
  double: (values: number[], shape: number[] = []): Tensor => ({
    dtype: "DT_DOUBLE",
    shape,
    data: Float64Array.from(values),
  }),
  bool: (value: boolean): Tensor => ({ dtype: "DT_BOOL", shape: [], data: Uint8Array.of(value ? 1 : 0) }),
  string: (values: string[], shape: number[] = []): Tensor => ({
    dtype: "DT_STRING",
    shape,
    data: [...values],
  }),
};
