import { formatDouble, formatFloat } from "./decimal-format.js";
import type { PredictFormat } from "./predict-request.js";
import { PrettyWriter } from "./pretty-writer.js";
import { invalidArgument } from "./serving-error.js";
import type { Tensor } from "./tensor.js";

/**
 * Encodes a predict result as TF Serving's JSON text (json_tensor.cc MakeJsonFromTensors).
 * Row: `{"predictions": [...]}`, per instance the one output's value or an object of all outputs
 * (outputs must share dimension 0). Columnar: `{"outputs": tensor}` or `{"outputs": {name: tensor}}`.
 * Outputs named `*_bytes` of DT_STRING are written as `{"b64": ...}`; numbers as TF prints them.
 */
export function encodePredictResponse(
  outputs: Readonly<Record<string, Tensor>>,
  format: PredictFormat,
): string {
  const names = Object.keys(outputs).sort();
  if (names.length === 0) throw invalidArgument("Cannot convert empty tensor map to JSON");
  return format === "row" ? encodeRow(outputs, names) : encodeColumnar(outputs, names);
}

function encodeRow(outputs: Readonly<Record<string, Tensor>>, names: string[]): string {
  let batch = -1;
  for (const name of names) {
    const tensor = outputs[name]!;
    if (tensor.shape.length === 0) throw invalidArgument(`Tensor name: ${name} has no shape information `);
    const size = tensor.shape[0]!;
    if (batch >= 0 && size !== batch) {
      throw invalidArgument(`Tensor name: ${name} has inconsistent batch size: ${size} expecting: ${batch}`);
    }
    batch = size;
  }
  const w = new PrettyWriter();
  w.startObject();
  w.key("predictions");
  w.startArray();
  const several = names.length > 1;
  const offsets = new Array<number>(names.length).fill(0);
  for (let item = 0; item < batch; item++) {
    if (several) w.startObject();
    w.singleLine = true;
    for (let n = 0; n < names.length; n++) {
      const name = names[n]!;
      if (several) w.key(name);
      offsets[n] = writeValues(w, outputs[name]!, isBytes(name, outputs[name]!), 1, offsets[n]!);
    }
    w.singleLine = false;
    if (several) w.endObject();
  }
  w.endArray();
  w.endObject();
  return w.out;
}

function encodeColumnar(outputs: Readonly<Record<string, Tensor>>, names: string[]): string {
  const w = new PrettyWriter();
  w.startObject();
  w.key("outputs");
  const several = names.length > 1;
  if (several) w.startObject();
  for (const name of names) {
    if (several) w.key(name);
    writeValues(w, outputs[name]!, isBytes(name, outputs[name]!), 0, 0);
  }
  if (several) w.endObject();
  w.endObject();
  return w.out;
}

const isBytes = (name: string, tensor: Tensor): boolean =>
  tensor.dtype === "DT_STRING" && name.endsWith("_bytes");

/** Writes dimensions from `dim` on (a scalar when none are left); returns the next element offset. */
function writeValues(w: PrettyWriter, tensor: Tensor, bytes: boolean, dim: number, offset: number): number {
  const rank = tensor.shape.length;
  if (dim > rank - 1) {
    writeScalar(w, tensor, bytes, offset);
    return offset + 1;
  }
  const size = tensor.shape[dim]!;
  w.startArray();
  if (dim === rank - 1) {
    for (let i = 0; i < size; i++) writeScalar(w, tensor, bytes, offset++);
  } else {
    for (let i = 0; i < size; i++) offset = writeValues(w, tensor, bytes, dim + 1, offset);
  }
  w.endArray();
  return offset;
}

function writeScalar(w: PrettyWriter, tensor: Tensor, bytes: boolean, offset: number): void {
  const value = tensor.data[offset];
  if (value === undefined)
    throw invalidArgument(`Tensor holds fewer values than its shape [${tensor.shape}] says`);
  const dtype = tensor.dtype;
  if (dtype === "DT_DOUBLE") w.raw(formatDouble(value as number));
  else if (dtype === "DT_FLOAT") w.raw(formatFloat(value as number));
  else if (dtype === "DT_BOOL") w.raw(value ? "true" : "false");
  else if (dtype !== "DT_STRING") w.raw(String(value));
  else if (!bytes) w.string(value as string);
  else {
    w.startObject();
    w.key("b64");
    w.string(Buffer.from(value as string, "latin1").toString("base64"));
    w.endObject();
  }
}
