import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Tensor } from "@bqdeploy/core";
import { dtypeNumber, shardFileName, sliceKey } from "@bqdeploy/core";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import { rawBytes, writeShape } from "../proto/tensor-encoding.js";
import { maskedCrc, uint32le, varint } from "./masked-crc.js";
import type { TableEntry, TableWriteOptions } from "./sstable-writer.js";
import { encodeTable } from "./sstable-writer.js";

type Extent = { start: number; length: number };

export interface BundleWriteOptions extends TableWriteOptions {
  /** Number of data shards. Default 1. */
  numShards?: number;
  /** Which shard holds a variable. Default 0 (TF1 Estimators put global_step in 0, the rest in 1). */
  shardOf?: (name: string) => number;
  /**
   * Variables to store as partitioned (TF1 style): name -> the slices to store, each a list of
   * extents per dimension (length -1 = the whole dimension).
   */
  partitions?: Record<string, Extent[][]>;
}

/** Writes `<dir>/<prefix>.index` and its data shards for these variables. */
export async function writeTensorBundle(
  dir: string,
  variables: Map<string, Tensor>,
  options: BundleWriteOptions = {},
  prefix = "variables",
): Promise<void> {
  const numShards = options.numShards ?? 1;
  const shards: number[][] = Array.from({ length: numShards }, () => []);
  const entries: TableEntry[] = [{ key: new Uint8Array(0), value: encodeHeader(numShards) }];
  const store = (key: Uint8Array, tensor: Tensor, shard: number): void => {
    const data = shards[shard];
    if (!data) throw new Error(`writeTensorBundle: shard ${shard} of ${numShards}`);
    const [bytes, crc] = tensorBytes(tensor);
    const offset = data.length;
    for (const b of bytes) data.push(b);
    entries.push({ key, value: encodeEntry(tensor, { shard, offset, size: bytes.length, crc }) });
  };
  for (const [name, tensor] of variables) {
    const shard = options.shardOf?.(name) ?? 0;
    const slices = options.partitions?.[name];
    if (!slices) {
      store(Buffer.from(name, "utf8"), tensor, shard);
      continue;
    }
    entries.push({ key: Buffer.from(name, "utf8"), value: encodeEntry(tensor, { slices }) });
    for (const extents of slices)
      store(Buffer.from(sliceKey(name, extents), "latin1"), sliceOf(tensor, extents), shard);
  }
  entries.sort((a, b) => Buffer.compare(a.key, b.key));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${prefix}.index`), encodeTable(entries, options));
  for (let i = 0; i < numShards; i++) {
    await writeFile(join(dir, shardFileName(prefix, i, numShards)), Uint8Array.from(shards[i] ?? []));
  }
}

/** The stored bytes of a tensor and their entry checksum (masked crc32c). */
export function tensorBytes(tensor: Tensor): [Uint8Array, number] {
  if (!Array.isArray(tensor.data)) {
    const bytes = rawBytes(tensor);
    return [bytes, maskedCrc(bytes)];
  }
  const strings = tensor.data.map((s) => Buffer.from(s, "utf8"));
  const lengths = strings.flatMap((s) => varint(s.length));
  const lengths32 = strings.map((s) => uint32le(s.length));
  const lengthCrc = uint32le(maskedCrc(...lengths32));
  const bytes = Uint8Array.from([...lengths, ...lengthCrc, ...Buffer.concat(strings)]);
  return [bytes, maskedCrc(...lengths32, lengthCrc, ...strings)];
}

function encodeHeader(numShards: number): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int32(numShards);
  w.tag(2, WireType.Varint).int32(0);
  w.tag(3, WireType.LengthDelimited).fork().tag(1, WireType.Varint).int32(1).join();
  return w.finish();
}

interface Placement {
  shard?: number;
  offset?: number;
  size?: number;
  crc?: number;
  slices?: Extent[][];
}

function encodeEntry(tensor: Tensor, at: Placement): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int32(dtypeNumber(tensor.dtype));
  w.tag(2, WireType.LengthDelimited).fork();
  writeShape(w, tensor.shape);
  w.join();
  if (at.shard) w.tag(3, WireType.Varint).int32(at.shard);
  if (at.offset) w.tag(4, WireType.Varint).int64(at.offset);
  if (at.size) w.tag(5, WireType.Varint).int64(at.size);
  if (at.crc !== undefined) w.tag(6, WireType.Bit32).fixed32(at.crc);
  for (const extents of at.slices ?? []) {
    w.tag(7, WireType.LengthDelimited).fork();
    for (const { start, length } of extents) {
      w.tag(1, WireType.LengthDelimited).fork();
      if (start) w.tag(1, WireType.Varint).int64(start);
      if (length >= 0) w.tag(2, WireType.Varint).int64(length);
      w.join();
    }
    w.join();
  }
  return w.finish();
}

/** The sub-tensor of `tensor` that the extents select (row-major). */
function sliceOf(tensor: Tensor, extents: Extent[]): Tensor {
  const { shape } = tensor;
  const lengths = extents.map((e, d) => (e.length < 0 ? (shape[d] as number) : e.length));
  const count = lengths.reduce((a, b) => a * b, 1);
  const data = (
    Array.isArray(tensor.data) ? [] : new (tensor.data.constructor as Float64ArrayConstructor)(count)
  ) as number[] | Float64Array;
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < count; i++) {
    let flat = 0;
    for (let d = 0; d < shape.length; d++)
      flat = flat * (shape[d] as number) + (extents[d]?.start ?? 0) + (index[d] as number);
    (data as unknown[])[i] = (tensor.data as unknown as unknown[])[flat];
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (lengths[d] as number)) break;
      index[d] = 0;
    }
  }
  return { dtype: tensor.dtype, shape: lengths, data: data as Tensor["data"] };
}
