import type { SignatureSpec } from "@bqdeploy/core";
import type { FormField } from "./form.js";

const INTEGER = new Set([
  "DT_INT8",
  "DT_INT16",
  "DT_INT32",
  "DT_INT64",
  "DT_UINT8",
  "DT_UINT16",
  "DT_UINT32",
  "DT_UINT64",
]);
const FLOAT = new Set(["DT_FLOAT", "DT_DOUBLE", "DT_HALF", "DT_BFLOAT16"]);

/** What is wrong with a value typed for an input of this dtype (checked as the user types). */
export function checkValue(dtype: string, value: string): string | undefined {
  const v = value.trim();
  if (dtype === "DT_STRING") return undefined;
  if (dtype === "DT_BOOL") return v === "true" || v === "false" ? undefined : "true or false";
  if (INTEGER.has(dtype)) return /^-?\d+$/.test(v) ? undefined : "an integer";
  if (FLOAT.has(dtype)) return v !== "" && Number.isFinite(Number(v)) ? undefined : "a number";
  return undefined;
}

/** The JSON value sent for a field of this dtype. */
export function toJsonValue(dtype: string, value: string): string | number | boolean {
  if (dtype === "DT_STRING") return value;
  if (dtype === "DT_BOOL") return value.trim() === "true";
  return Number(value.trim());
}

/** Validates a predict form field (its hint holds the dtype). */
export function validatePredictField(field: FormField): string | undefined {
  return checkValue(field.hint ?? "DT_STRING", field.value);
}

// The seed's request (the BigQuery ML tutorial's tip_model): prefilled for tip_model-like signatures.
const SEED: Record<string, string> = {
  passenger_count: "1",
  trip_distance: "12.2",
  PULocationID: "193",
  DOLocationID: "264",
  payment_type: "2",
  fare_amount: "20.4",
  tolls_amount: "0.0",
};

/** One field per input of the signature, with its dtype, prefilled with the seed's example when it fits. */
export function fieldsForSignature(signature: SignatureSpec): FormField[] {
  const names = Object.keys(signature.inputs).sort();
  const tipLike = names.filter((n) => n in SEED).length >= 5;
  return names.map((name) => {
    const dtype: string = signature.inputs[name]?.dtype ?? "DT_STRING";
    const value = tipLike ? (SEED[name] ?? "") : "";
    return { name, label: name, hint: dtype, value, error: value ? checkValue(dtype, value) : undefined };
  });
}
