import type { SignatureSpec } from "@bqdeploy/core";
import { backspace, type Form, moveFocus, typeInto, validateForm } from "./form.js";
import { fieldsForSignature, toJsonValue, validatePredictField } from "./input-validation.js";

/** Where predictions go: a deployment's model at its first endpoint. */
export interface PredictTarget {
  deploymentId: string;
  model: string;
  endpoint: string;
}

export interface PredictRecord {
  at: string;
  latencyMs: number;
  ok: boolean;
  /** The predictions, or the error, on one line. */
  summary: string;
}

export interface PredictState {
  target?: PredictTarget;
  loading: boolean;
  signatureName?: string;
  form: Form;
  sending: boolean;
  response?: string;
  latencyMs?: number;
  error?: string;
  history: PredictRecord[];
}

export type PredictAction =
  | { type: "predict/target"; target: PredictTarget }
  | { type: "predict/signature"; name: string; signature: SignatureSpec }
  | { type: "predict/type"; text: string }
  | { type: "predict/backspace" }
  | { type: "predict/next-field"; delta: number }
  | { type: "predict/sending" }
  | { type: "predict/answered"; response: string; latencyMs: number; at: string }
  | { type: "predict/failed"; error: string; latencyMs?: number; at?: string }
  | { type: "predict/invalid"; form: Form };

/** Requests remembered in the history. */
export const MAX_HISTORY = 20;

export const initialPredictState: PredictState = {
  loading: false,
  form: { fields: [], focus: 0 },
  sending: false,
  history: [],
};

function record(state: PredictState, entry: PredictRecord): PredictRecord[] {
  return [entry, ...state.history].slice(0, MAX_HISTORY);
}

/** The Predict screen: a form generated from the signature, the answer and the history. Pure. */
export function predictReducer(state: PredictState, action: PredictAction): PredictState {
  switch (action.type) {
    case "predict/target":
      if (state.target?.endpoint === action.target.endpoint && state.target.model === action.target.model)
        return state;
      return { ...initialPredictState, target: action.target, loading: true };
    case "predict/signature":
      return {
        ...state,
        loading: false,
        error: undefined,
        signatureName: action.name,
        form: { fields: fieldsForSignature(action.signature), focus: 0 },
      };
    case "predict/type":
      return { ...state, form: typeInto(state.form, action.text, validatePredictField) };
    case "predict/backspace":
      return { ...state, form: backspace(state.form, validatePredictField) };
    case "predict/next-field":
      return { ...state, form: moveFocus(state.form, action.delta) };
    case "predict/sending":
      return { ...state, sending: true, error: undefined };
    case "predict/answered":
      return {
        ...state,
        sending: false,
        response: action.response,
        latencyMs: action.latencyMs,
        history: record(state, {
          at: action.at,
          latencyMs: action.latencyMs,
          ok: true,
          summary: action.response,
        }),
      };
    case "predict/failed":
      return {
        ...state,
        sending: false,
        loading: false,
        error: action.error,
        response: undefined,
        history:
          action.at === undefined
            ? state.history
            : record(state, {
                at: action.at,
                latencyMs: action.latencyMs ?? 0,
                ok: false,
                summary: action.error,
              }),
      };
    case "predict/invalid":
      return { ...state, form: action.form };
  }
}

/** The instance to send, or the form with its errors when a field is invalid. */
export function predictInstance(state: PredictState): { instance?: Record<string, unknown>; form: Form } {
  const checked = validateForm(state.form, validatePredictField);
  if (!checked.valid || state.form.fields.length === 0) return { form: checked.form };
  const instance = Object.fromEntries(
    state.form.fields.map((f) => [f.name, toJsonValue(f.hint ?? "DT_STRING", f.value)]),
  );
  return { instance, form: state.form };
}
