import type { DType, Tensor } from "../../protocol/tensor.js";
import type { AttrValue, ShapeProto } from "../../savedmodel/types.js";
import { asDType } from "../tensor/dtypes.js";
import { badGraph } from "../tensor/errors.js";
import type { AttrDefault } from "./kernel.js";

const utf8 = new TextDecoder();

/** A node's attrs with its op's defaults behind them (graphs are saved with stripped_default_attrs). */
export class NodeAttrs {
  constructor(
    readonly node: string,
    readonly raw: Readonly<Record<string, AttrValue>>,
    readonly defaults: Readonly<Record<string, AttrDefault>> = {},
  ) {}

  has(name: string): boolean {
    return name in this.raw || name in this.defaults;
  }

  int(name: string): number {
    const a = this.raw[name];
    if (a?.kind === "i") return a.value;
    return this.fallback(name, "number") as number;
  }

  bool(name: string): boolean {
    const a = this.raw[name];
    if (a?.kind === "b") return a.value;
    return this.fallback(name, "boolean") as boolean;
  }

  float(name: string): number {
    const a = this.raw[name];
    if (a?.kind === "f") return a.value;
    return this.fallback(name, "number") as number;
  }

  /** A bytes attr read as UTF-8 text. */
  string(name: string): string {
    const a = this.raw[name];
    if (a?.kind === "s") return utf8.decode(a.value);
    return this.fallback(name, "string") as string;
  }

  type(name: string): DType {
    const a = this.raw[name];
    const value = a?.kind === "type" ? a.value : (this.fallback(name, "string") as string);
    return asDType(value, `node ${this.node} attr ${name}`);
  }

  /** A list(int) attr (empty list when stripped). */
  ints(name: string): number[] {
    const a = this.raw[name];
    if (a?.kind === "list") return a.value.i;
    const d = this.defaults[name];
    return Array.isArray(d) ? d : [];
  }

  shape(name: string): ShapeProto {
    const a = this.raw[name];
    if (a?.kind === "shape") return a.value;
    return null;
  }

  tensor(name: string): Tensor {
    const a = this.raw[name];
    if (a?.kind === "tensor") return a.value;
    throw badGraph(`node ${this.node} has no tensor attr "${name}"`);
  }

  /** A function-valued attr's function name (undefined when absent). */
  func(name: string): string | undefined {
    const a = this.raw[name];
    return a?.kind === "func" ? a.value.name : undefined;
  }

  private fallback(name: string, type: string): AttrDefault {
    const d = this.defaults[name];
    if (d === undefined || typeof d !== type) throw badGraph(`node ${this.node} is missing attr "${name}"`);
    return d;
  }
}
