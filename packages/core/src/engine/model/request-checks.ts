import { shapeSize, type DType, type Tensor } from "../../protocol/tensor.js";
import type { SignatureSpec } from "../../protocol/servable.js";
import { dtypeName } from "../tensor/dtypes.js";
import { invalidArgument, shapeText } from "../tensor/errors.js";

const isFloat32 = (d: unknown): boolean => d instanceof Float32Array;
const isFloat64 = (d: unknown): boolean => d instanceof Float64Array;
const isInt32 = (d: unknown): boolean => d instanceof Int32Array;

/** Whether a tensor's values are held in the storage the protocol's rule gives its dtype. */
const STORAGE: Record<DType, (data: unknown) => boolean> = {
  DT_FLOAT: isFloat32,
  DT_DOUBLE: isFloat64,
  DT_INT32: isInt32,
  DT_INT16: isInt32,
  DT_INT8: isInt32,
  DT_UINT8: isInt32,
  DT_UINT16: isInt32,
  DT_INT64: isFloat64,
  DT_UINT32: isFloat64,
  DT_UINT64: isFloat64,
  DT_BOOL: (d) => d instanceof Uint8Array,
  DT_STRING: Array.isArray,
};

/** TF Serving's check that the request names exactly the signature's inputs (its texts). */
export function checkInputKeys(
  spec: SignatureSpec,
  inputs: Record<string, Tensor>,
  expectedCount?: number,
): void {
  if (expectedCount !== undefined && sendsExactly(spec, inputs, expectedCount)) return;
  const expected = Object.keys(spec.inputs).sort();
  const sent = Object.keys(inputs).sort();
  if (sent.length !== expected.length) {
    const extra = sent.filter((k) => !(k in spec.inputs));
    const missing = expected.filter((k) => !(k in inputs));
    throw invalidArgument(
      `input size does not match signature: ${sent.length}!=${expected.length} len({${sent.join(",")}}) != len({${expected.join(",")}}). Sent extra: {${extra.join(",")}}. Missing but required: {${missing.join(",")}}.`,
    );
  }
  for (const key of sent) {
    if (!(key in spec.inputs)) {
      throw invalidArgument(
        `input tensor alias not found in signature: ${key}. Inputs expected to be in the set {${expected.join(",")}}.`,
      );
    }
  }
}

/** True when the request names only the signature's inputs, `count` of them (no sorting, no arrays). */
function sendsExactly(spec: SignatureSpec, inputs: Record<string, Tensor>, count: number): boolean {
  let sent = 0;
  for (const key in inputs) {
    if (!Object.hasOwn(inputs, key)) continue;
    if (!(key in spec.inputs)) return false;
    sent++;
  }
  return sent === count;
}

/** TF Serving's check of the requested output keys. */
export function checkOutputKeys(spec: SignatureSpec, outputKeys: readonly string[]): void {
  for (const key of outputKeys) {
    if (!(key in spec.outputs)) {
      throw invalidArgument(
        `output tensor alias not found in signature: ${key} Outputs expected to be in the set {${Object.keys(spec.outputs).sort().join(",")}}.`,
      );
    }
  }
}

/**
 * Checks each input against its spec: dtype (TF's "Expects arg[i] ..."), storage matching the dtype
 * and shape, rank and fixed dimensions, and one batch size (dimension 0) across batched inputs.
 */
export function checkInputTensors(
  spec: SignatureSpec,
  keys: readonly string[],
  inputs: Record<string, Tensor>,
): void {
  let batchKey: string | undefined;
  let batchSize = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const t = inputs[key]!;
    const want = spec.inputs[key]!;
    if (t.dtype !== want.dtype) {
      throw invalidArgument(
        `Expects arg[${i}] to be ${dtypeName(want.dtype)} but ${dtypeName(t.dtype)} is provided`,
      );
    }
    if (!STORAGE[t.dtype](t.data) || t.data.length !== shapeSize(t.shape)) {
      throw invalidArgument(
        `input tensor ${key}: its values do not match dtype ${dtypeName(t.dtype)} and shape ${shapeText(t.shape)}`,
      );
    }
    if (want.shape === null) continue;
    const fits = want.shape.length === t.shape.length && fitsDims(want.shape, t.shape);
    if (!fits) {
      throw invalidArgument(
        `input tensor ${key} has shape ${shapeText(t.shape)}, but the signature expects ${shapeText(want.shape)} (-1: any size)`,
      );
    }
    if (want.shape.length > 0 && want.shape[0] === -1) {
      const size = t.shape[0]!;
      if (batchKey !== undefined && batchSize !== size) {
        throw invalidArgument(
          `input tensors must have the same batch size (dimension 0): ${batchKey} has ${batchSize}, ${key} has ${size}`,
        );
      }
      if (batchKey === undefined) {
        batchKey = key;
        batchSize = size;
      }
    }
  }
}

function fitsDims(want: readonly number[], got: readonly number[]): boolean {
  for (let j = 0; j < want.length; j++) {
    const d = want[j]!;
    if (d >= 0 && d !== got[j]) return false;
  }
  return true;
}
