import { denseShape, fillTensor, isBase64Object, isJsonObject, jsonToTensorData } from "./json-tensor.js";
import { jsonValueText } from "./pretty-writer.js";
import type { SignatureSpec } from "./servable.js";
import { invalidArgument, isServingError, ServingError } from "./serving-error.js";
import { allocate, type Tensor, type TensorData } from "./tensor.js";
import { parseTfJson } from "./tf-json.js";

export const DEFAULT_SIGNATURE = "serving_default";

const MAX_BATCH_VALUES = 2 ** 24;
/** The shape of a scalar item (shared: shapes are never written to). */
const SCALAR: number[] = [];

/** "row" for `instances`, "columnar" for `inputs`: the response mirrors it. */
export type PredictFormat = "row" | "columnar";

export interface DecodedPredictRequest {
  signatureName: string;
  format: PredictFormat;
  /** One tensor per signature input, dtypes as the signature says. */
  inputs: Record<string, Tensor>;
}

/** A request body parsed far enough to route it: the JSON object and its signature name. */
export interface PredictBody {
  json: Record<string, unknown>;
  /** The `signature_name` given, or "serving_default". */
  signatureName: string;
}

/**
 * Parses a predict/classify/regress body (NaN-tolerant) and reads its `signature_name`, with TF
 * Serving's errors for a body that is not a JSON object or a signature name that is not a string.
 */
export function parseRequestBody(body: string | unknown): PredictBody {
  const json = typeof body === "string" ? parseTfJson(body) : body;
  if (!isJsonObject(json)) throw invalidArgument(`JSON Value: ${jsonValueText(json)} Is not object`);
  const name = json.signature_name;
  if (name !== undefined && typeof name !== "string") {
    throw invalidArgument(
      `JSON Value: ${jsonValueText(json)} not formatted correctly. 'signature_name' key must be a string value.`,
    );
  }
  return { json, signatureName: name ? name : DEFAULT_SIGNATURE };
}

/**
 * Decodes a predict request exactly as TF Serving does (json_tensor.cc FillPredictRequestFromJson):
 * row (`instances`) or columnar (`inputs`), `{"b64": ...}` bytes, dtype checks, exact key sets.
 * `body` is the JSON text or the already parsed value. Throws INVALID_ARGUMENT ServingErrors.
 */
/** A predict request checked for its shape (signature, one of instances/inputs) but not yet decoded. */
export interface PredictPayload {
  signatureName: string;
  format: PredictFormat;
  /** The `instances` list (row) or the `inputs` value (columnar), as sent. */
  payload: unknown;
}

/**
 * Checks what every predict request must satisfy, with TF Serving's texts: a known signature with
 * inputs, exactly one of 'instances' (a non-empty list) or 'inputs'.
 */
export function splitPredictRequest(
  body: string | unknown,
  signatures: Readonly<Record<string, SignatureSpec>>,
): PredictPayload {
  const { json, signatureName } = parseRequestBody(body);
  const signature = Object.hasOwn(signatures, signatureName) ? signatures[signatureName] : undefined;
  if (!signature)
    throw invalidArgument(`Serving signature name: "${signatureName}" not found in signature def`);
  if (Object.keys(signature.inputs).length === 0)
    throw invalidArgument(`Failed to get input map for signature: ${signatureName}`);
  const hasInstances = json.instances !== undefined;
  const hasInputs = json.inputs !== undefined;
  if (hasInstances && hasInputs) {
    throw invalidArgument(
      `JSON Value: ${jsonValueText(json)} Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist `,
    );
  }
  if (hasInstances) {
    if (!Array.isArray(json.instances)) {
      throw invalidArgument(`JSON Value: ${jsonValueText(json)} Excepting 'instances' to be an list/array`);
    }
    if (json.instances.length === 0) {
      throw invalidArgument(`JSON Value: ${jsonValueText(json)} No values in 'instances' array`);
    }
    return { signatureName, format: "row", payload: json.instances };
  }
  if (hasInputs) return { signatureName, format: "columnar", payload: json.inputs };
  throw invalidArgument("Missing 'inputs' or 'instances' key");
}

export function decodePredictRequest(
  body: string | unknown,
  signatures: Readonly<Record<string, SignatureSpec>>,
): DecodedPredictRequest {
  const { signatureName, format, payload } = splitPredictRequest(body, signatures);
  const signature = signatures[signatureName]!;
  const names = sortedInputNames(signature);
  return format === "row"
    ? { signatureName, format, inputs: decodeInstances(payload as unknown[], names, signature) }
    : { signatureName, format, inputs: decodeInputs(payload, names, signature) };
}

const SORTED_INPUTS = new WeakMap<SignatureSpec, string[]>();

/** The signature's input names, sorted: computed once per signature (signatures do not change). */
function sortedInputNames(signature: SignatureSpec): string[] {
  let names = SORTED_INPUTS.get(signature);
  if (!names) {
    names = Object.keys(signature.inputs).sort();
    SORTED_INPUTS.set(signature, names);
  }
  return names;
}

function decodeInputs(value: unknown, names: string[], signature: SignatureSpec): Record<string, Tensor> {
  const inputs: Record<string, Tensor> = {};
  if (!isJsonObject(value) || isBase64Object(value)) {
    if (names.length > 1) {
      throw invalidArgument(
        "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map",
      );
    }
    const name = names[0]!;
    const dtype = signature.inputs[name]!.dtype;
    inputs[name] = { dtype, ...jsonToTensorData(value, dtype) };
    return inputs;
  }
  for (const name of names) {
    if (!Object.hasOwn(value, name))
      throw invalidArgument(`Missing named input: ${name} in 'inputs' object.`);
    const dtype = signature.inputs[name]!.dtype;
    inputs[name] = { dtype, ...jsonToTensorData(value[name], dtype) };
  }
  return inputs;
}

const isElementObject = (v: unknown): boolean => isJsonObject(v) && !isBase64Object(v);

/** One input being batched from the instances: its item shape and the growing data. */
interface Batch {
  itemShape: number[];
  itemSize: number;
  data: TensorData;
}

function decodeInstances(
  instances: unknown[],
  names: string[],
  signature: SignatureSpec,
): Record<string, Tensor> {
  if (!isJsonObject(instances[0]) && names.length > 1) {
    throw invalidArgument(
      "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map",
    );
  }
  const objects = isElementObject(instances[0]);
  const batches = new Map<string, Batch>();
  const count = instances.length;
  for (let i = 0; i < count; i++) {
    const elem = instances[i];
    if (objects) {
      if (!isElementObject(elem))
        throw invalidArgument(`Expecting object but got list at item ${i} of input list`);
      const record = elem as Record<string, unknown>;
      const keys = Object.keys(record);
      for (const key of keys) {
        if (!Object.hasOwn(signature.inputs, key)) {
          throw invalidArgument(`${elementPrefix(i, key)}JSON object: does not have named input: ${key}`);
        }
        addItem(record[key], key, i, count, signature, batches, true);
      }
      if (keys.length !== names.length) {
        throw invalidArgument(
          `Failed to process element: ${i} of 'instances' list. JSON object: ${jsonValueText(elem)} keys must be equal to: ${names.join(",")}`,
        );
      }
    } else {
      if (isElementObject(elem)) {
        throw invalidArgument(`Expecting value/list but got object at item ${i} of input list`);
      }
      addItem(elem, names[0]!, i, count, signature, batches, false);
    }
  }
  const inputs: Record<string, Tensor> = {};
  for (const [name, batch] of batches) {
    inputs[name] = {
      dtype: signature.inputs[name]!.dtype,
      shape: [count, ...batch.itemShape],
      data: batch.data,
    };
  }
  return inputs;
}

function addItem(
  item: unknown,
  name: string,
  index: number,
  count: number,
  signature: SignatureSpec,
  batches: Map<string, Batch>,
  /** Whether the item came under its input's key in an object (which the error text names). */
  keyed: boolean,
): void {
  const dtype = signature.inputs[name]!.dtype;
  try {
    const shape = Array.isArray(item) ? denseShape(item) : SCALAR;
    let size = 1;
    for (const d of shape) size *= d;
    let batch = batches.get(name);
    if (!batch) {
      // Every instance has this size, so a genuine request's total is bounded by its body length.
      if (size * count > MAX_BATCH_VALUES) {
        throw new ServingError("RESOURCE_EXHAUSTED", `Too many values for input ${name}: ${size} x ${count}`);
      }
      batch = { itemShape: shape, itemSize: size, data: allocate(dtype, size * count) };
      batches.set(name, batch);
    }
    if (size === batch.itemSize && sameShape(shape, batch.itemShape)) {
      fillTensor(item, shape, dtype, batch.data, index * size);
      return;
    }
    // Values are checked before sizes, as TF Serving does.
    fillTensor(item, shape, dtype, allocate(dtype, size), 0);
    if (size !== batch.itemSize)
      throw invalidArgument(`Expecting tensor size: ${batch.itemSize} but got: ${size}`);
    throw invalidArgument(`Expecting shape [${batch.itemShape.join(",")}] but got: [${shape.join(",")}]`);
  } catch (err) {
    if (isServingError(err) && err.code === "INVALID_ARGUMENT") {
      throw invalidArgument(elementPrefix(index, keyed ? name : undefined) + err.message);
    }
    throw err;
  }
}

/** TF Serving's prefix of an error in one element of 'instances' (and the key, for objects). */
function elementPrefix(index: number, key: string | undefined): string {
  return key === undefined
    ? `Failed to process element: ${index} of 'instances' list. Error: INVALID_ARGUMENT: `
    : `Failed to process element: ${index} key: ${key} of 'instances' list. Error: INVALID_ARGUMENT: `;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
