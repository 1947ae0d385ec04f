/** One text field of a form: what the user typed and what is wrong with it. */
export interface FormField {
  name: string;
  label: string;
  value: string;
  /** A hint shown beside the label (e.g. the input's dtype). */
  hint?: string;
  error?: string;
}

/** A form: fields and the one being edited. */
export interface Form {
  fields: FormField[];
  focus: number;
}

export type FieldValidator = (field: FormField) => string | undefined;

export function makeForm(fields: Omit<FormField, "error">[]): Form {
  return { fields: fields.map((f) => ({ ...f })), focus: 0 };
}

function updateFocused(form: Form, change: (value: string) => string, validate?: FieldValidator): Form {
  return {
    ...form,
    fields: form.fields.map((f, i) => {
      if (i !== form.focus) return f;
      const next = { ...f, value: change(f.value) };
      return { ...next, error: validate?.(next) };
    }),
  };
}

/** Appends typed text to the focused field and validates it. */
export function typeInto(form: Form, text: string, validate?: FieldValidator): Form {
  return updateFocused(form, (v) => v + text, validate);
}

/** Removes the last character of the focused field. */
export function backspace(form: Form, validate?: FieldValidator): Form {
  return updateFocused(form, (v) => v.slice(0, -1), validate);
}

/** Moves the focus by `delta` fields, wrapping around. */
export function moveFocus(form: Form, delta: number): Form {
  const n = form.fields.length;
  if (n === 0) return form;
  return { ...form, focus: (((form.focus + delta) % n) + n) % n };
}

/** The form's values by field name. */
export function formValues(form: Form): Record<string, string> {
  return Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
}

/** Validates every field; the form with errors set, and whether it is valid. */
export function validateForm(form: Form, validate: FieldValidator): { form: Form; valid: boolean } {
  const fields = form.fields.map((f) => ({ ...f, error: validate(f) }));
  return { form: { ...form, fields }, valid: fields.every((f) => f.error === undefined) };
}
