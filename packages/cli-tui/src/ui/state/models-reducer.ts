import { type Form, formValues, makeForm, moveFocus, typeInto, backspace, validateForm } from "./form.js";
import { clampSelection, moveSelection } from "./selection.js";

/** One version as the Models screen lists it. */
export interface VersionRow {
  version: number;
  labels: string[];
  source?: string;
  sizeBytes?: number;
  modelType?: string;
}

export interface ModelRow {
  name: string;
  versions: VersionRow[];
}

export type ModelsMode =
  | { kind: "list" }
  | { kind: "pull"; form: Form }
  | { kind: "label"; form: Form }
  | { kind: "confirm"; action: "prune" | "rollback"; keep: number };

export interface ModelsState {
  models: ModelRow[];
  selected: number;
  loading: boolean;
  mode: ModelsMode;
  error?: string;
  message?: string;
}

export type ModelsAction =
  | { type: "models/loading" }
  | { type: "models/loaded"; models: ModelRow[] }
  | { type: "models/failed"; error: string }
  | { type: "models/move"; delta: number }
  | { type: "models/open-pull" }
  | { type: "models/open-label" }
  | { type: "models/confirm"; action: "prune" | "rollback" }
  | { type: "models/type"; text: string }
  | { type: "models/backspace" }
  | { type: "models/next-field"; delta: number }
  | { type: "models/cancel" }
  | { type: "models/submitted"; message: string }
  | { type: "models/invalid"; form: Form };

export const initialModelsState: ModelsState = {
  models: [],
  selected: 0,
  loading: true,
  mode: { kind: "list" },
};

const GS = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](\/.*)?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** What is wrong with a pull/label form field, if anything (shown as the user types). */
export function validateModelsField(field: { name: string; value: string }): string | undefined {
  const v = field.value.trim();
  switch (field.name) {
    case "source":
      return GS.test(v) ? undefined : "a gs://bucket/prefix of a BigQuery ML export";
    case "model":
    case "label":
      return NAME.test(v) ? undefined : "letters, digits, . _ - (no spaces)";
    case "version":
      return /^[1-9]\d*$/.test(v) ? undefined : "a version number, e.g. 1";
    default:
      return undefined;
  }
}

/** The model the cursor is on. */
export function selectedModel(state: ModelsState): ModelRow | undefined {
  return state.models[state.selected];
}

function editForm(state: ModelsState, change: (form: Form) => Form): ModelsState {
  const mode = state.mode;
  if (mode.kind !== "pull" && mode.kind !== "label") return state;
  return { ...state, mode: { ...mode, form: change(mode.form) } };
}

/** The Models screen: list, pull form, label form, confirmations. Pure. */
export function modelsReducer(state: ModelsState, action: ModelsAction): ModelsState {
  switch (action.type) {
    case "models/loading":
      return { ...state, loading: true };
    case "models/loaded":
      return {
        ...state,
        loading: false,
        error: undefined,
        models: action.models,
        selected: clampSelection(state.selected, action.models.length),
      };
    case "models/failed":
      return { ...state, loading: false, error: action.error, message: undefined };
    case "models/move":
      return { ...state, selected: moveSelection(state.selected, action.delta, state.models.length) };
    case "models/open-pull": {
      const model = selectedModel(state)?.name ?? "";
      const form = makeForm([
        { name: "source", label: "Source", value: "gs://", hint: "gs://bucket/prefix" },
        { name: "model", label: "Model", value: model },
      ]);
      return { ...state, error: undefined, mode: { kind: "pull", form } };
    }
    case "models/open-label": {
      const model = selectedModel(state);
      if (!model) return { ...state, error: "No model selected: pull one first (p)." };
      const latest = model.versions.at(-1)?.version;
      const form = makeForm([
        { name: "label", label: "Label", value: "stable" },
        { name: "version", label: "Version", value: latest === undefined ? "" : String(latest) },
      ]);
      return { ...state, error: undefined, mode: { kind: "label", form } };
    }
    case "models/confirm":
      if (!selectedModel(state)) return { ...state, error: "No model selected: pull one first (p)." };
      return { ...state, error: undefined, mode: { kind: "confirm", action: action.action, keep: 2 } };
    case "models/type":
      return editForm(state, (f) => typeInto(f, action.text, validateModelsField));
    case "models/backspace":
      return editForm(state, (f) => backspace(f, validateModelsField));
    case "models/next-field":
      return editForm(state, (f) => moveFocus(f, action.delta));
    case "models/cancel":
      return { ...state, mode: { kind: "list" } };
    case "models/submitted":
      return { ...state, mode: { kind: "list" }, error: undefined, message: action.message };
    case "models/invalid":
      return editForm(state, () => action.form);
  }
}

/** Checks the open form; its values when valid, else the form with its errors. */
export function checkModelsForm(form: Form): { values?: Record<string, string>; form: Form } {
  const checked = validateForm(form, validateModelsField);
  return checked.valid ? { values: formValues(form), form } : { form: checked.form };
}
